from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "secondround.webhooks"
    label = "webhooks"
