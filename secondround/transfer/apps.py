from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "secondround.transfer"
    label = "transfer"
    verbose_name = "Export and restore"
