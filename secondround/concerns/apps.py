from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "secondround.concerns"
    label = "concerns"
