from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "secondround.audit"
    label = "audit"
