from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "secondround.imports"
    label = "imports"
