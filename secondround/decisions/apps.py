from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "secondround.decisions"
    label = "decisions"
