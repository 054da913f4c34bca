from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "secondround.scheduling"
    label = "scheduling"
