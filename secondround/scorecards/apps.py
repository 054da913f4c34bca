from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "secondround.scorecards"
    label = "scorecards"
