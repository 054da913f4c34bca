from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "secondround.portal"
    label = "portal"
    verbose_name = "Candidate portal"

    def ready(self):
        from django.db.models.signals import post_migrate

        from secondround.portal.cache import create_cache_table

        # The database cache (the default CACHES) needs its table; migrate creates it.
        post_migrate.connect(create_cache_table, sender=self)
