"""The cache every app server shares: the database cache by default (its table made by
migrate), Redis when REDIS_URL is set."""

import json
import os
import subprocess
import sys

from django.core.cache import cache
from django.db import connection

from secondround.portal.cache import create_cache_table


def _caches_with(env: dict) -> dict:
    code = "import json, secondround.settings as s; print(json.dumps(s.CACHES))"
    clean = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    out = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, check=True
    )
    return json.loads(out.stdout)["default"]


def test_database_cache_by_default_and_redis_with_redis_url():
    assert _caches_with({})["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = _caches_with({"REDIS_URL": "redis://cache.internal:6379/0"})
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/0",
    }


def test_migrate_creates_the_cache_table(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE secondround_cache")
    assert "secondround_cache" not in connection.introspection.table_names()
    create_cache_table(using="default")  # what post_migrate calls
    assert "secondround_cache" in connection.introspection.table_names()
    cache.set("portal:probe", 1)
    assert cache.get("portal:probe") == 1


def test_sessions_have_a_cache_of_their_own(db):
    # Sessions must not push the rate limit's counts out of the shared cache.
    from django.conf import settings

    assert settings.SESSION_CACHE_ALIAS != "default"
    assert settings.CACHES[settings.SESSION_CACHE_ALIAS]["LOCATION"] == "secondround_session_cache"
    assert "secondround_session_cache" in connection.introspection.table_names()
