from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "secondround.demo"
    label = "demo"
