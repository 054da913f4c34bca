from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "secondround.demo"
    label = "demo"

    def ready(self):
        from secondround.demo import guard  # noqa: F401  (registers the system check)
