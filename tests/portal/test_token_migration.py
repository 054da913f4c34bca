"""The data migration turns each plain-text Candidate.portal_token into a hashed, expiring
PortalLink (a link already sent keeps working until it expires), and only then does the
hiring app drop the plain-text column. Run through the real migrations, backwards and
forwards, on an empty test database."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from secondround.portal.models import PortalLink, hash_token

BEFORE = [("portal", "0001_initial"), ("hiring", "0002_pipeline")]
TOKEN = "an-old-plain-text-token-0123456789"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def before_the_migration(transactional_db):
    old = migrate(BEFORE)
    yield old
    migrate(latest())


def test_plaintext_tokens_become_hashed_links_and_the_column_goes(before_the_migration):
    old = before_the_migration
    org = old.get_model("accounts", "Organisation").objects.create(name="Old", slug="old")
    candidate = old.get_model("hiring", "Candidate").objects.create(
        organisation=org, name="Dana Kim", email="dana@example.com", portal_token=TOKEN
    )
    migrate(latest())

    link = PortalLink.objects.get(candidate_id=candidate.pk)
    assert link.token_hash == hash_token(TOKEN)
    assert timezone.now() + timedelta(days=29) < link.expires_at
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "hiring_candidate")
        ]
    assert "portal_token" not in columns
