from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "secondround.audit"
    label = "audit"

    def ready(self):
        from secondround.audit import signals  # noqa: F401 (connects the auth signals)
