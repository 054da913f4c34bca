from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "secondround.accounts"
    label = "accounts"

    def ready(self):
        # Registers the system checks, and the signal by which a password change revokes
        # the member's API tokens.
        from secondround.accounts import checks, signals  # noqa: F401
