from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "secondround.api"
    label = "api"
    verbose_name = "API"
