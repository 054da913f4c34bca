from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "secondround.accounts"
    label = "accounts"

    def ready(self):
        from secondround.accounts import checks  # noqa: F401  (registers the system checks)
        from secondround.accounts import signals  # noqa: F401  (password change revokes tokens)
