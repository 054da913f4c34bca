from django.urls import path

from secondround.webhooks import views

urlpatterns = [
    path("settings/webhooks/", views.webhooks, name="webhooks"),
    path("settings/webhooks/new/", views.add_subscription, name="webhook_add"),
    path("settings/webhooks/options/", views.save_settings, name="webhook_settings"),
    path("settings/webhooks/<int:pk>/", views.edit_subscription, name="webhook_edit"),
    path("settings/webhooks/<int:pk>/rotate/", views.rotate_secret, name="webhook_rotate"),
    path("settings/webhooks/<int:pk>/delete/", views.delete_subscription, name="webhook_delete"),
    path("settings/webhooks/<int:pk>/deliveries/", views.deliveries, name="webhook_deliveries"),
    path(
        "settings/webhooks/deliveries/<int:pk>/send-again/",
        views.send_again,
        name="webhook_send_again",
    ),
]
