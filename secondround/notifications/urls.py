from django.urls import path

from secondround.notifications import views

urlpatterns = [
    path("settings/", views.my_settings, name="my_settings"),
    path("settings/notifications", views.save_preferences, name="save_preferences"),
    path("settings/working-hours", views.save_working_hours, name="save_working_hours"),
    path("settings/calendar-feed", views.reset_feed, name="reset_calendar_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("interviews/<int:pk>/invite.ics", views.interview_ics, name="interview_ics"),
    path("interviews/<int:pk>/deliveries/", views.delivery_log, name="delivery_log"),
]
