from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "secondround.hiring"
    label = "hiring"
