"""The shared cache behind the portal's rate limit.

Every app server must count a client's failed attempts in the same place, so the cache is
the database (the default) or Redis (``REDIS_URL``), never a per-process memory cache.
"""

from django.conf import settings
from django.core.management import call_command


def create_cache_table(**kwargs) -> None:
    """post_migrate: create the database cache's table when the database cache is in use.
    ``createcachetable`` does nothing for a table that exists, or for other backends."""
    uses_db_cache = any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values())
    if uses_db_cache:
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)
