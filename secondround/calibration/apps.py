from django.apps import AppConfig


class CalibrationConfig(AppConfig):
    name = "secondround.calibration"
    label = "calibration"
