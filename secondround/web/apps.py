from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "secondround.web"
    label = "web"
