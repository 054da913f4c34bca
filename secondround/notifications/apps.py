from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "secondround.notifications"
    label = "notifications"
