from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "secondround.privacy"
    label = "privacy"
    verbose_name = "Candidates' personal data (GDPR)"
