"""The data migration turns each plain-text Candidate.portal_token into a hashed, expiring
PortalLink: a link already sent keeps working until it expires."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from secondround.hiring.models import Candidate
from secondround.portal.models import PortalLink, hash_token

migration = importlib.import_module("secondround.portal.migrations.0002_hash_plaintext_tokens")


def test_plaintext_tokens_become_hashed_expiring_links(client, cast):
    old_token = Candidate.objects.get(pk=cast.dana.pk).portal_token
    assert old_token
    migration.hash_tokens(apps, None)
    link = PortalLink.objects.get(candidate=cast.dana)
    assert link.token_hash == hash_token(old_token)
    assert old_token not in link.token_hash
    assert timezone.now() + timedelta(days=29) < link.expires_at
    assert PortalLink.objects.count() == Candidate.objects.count()
    response = client.get(f"/p/{old_token}/")
    assert response.status_code == 200 and "Hi Dana" in response.content.decode()


def test_running_it_twice_adds_nothing(cast):
    migration.hash_tokens(apps, None)
    count = PortalLink.objects.count()
    migration.hash_tokens(apps, None)
    assert PortalLink.objects.count() == count
