from django.urls import path

from secondround.scheduling import views

urlpatterns = [
    path("applications/<int:pk>/schedule-day/", views.round_day, name="schedule_round_day"),
]
