"""Candidate.portal_token was kept in plain text. Each existing token becomes a hashed,
expiring PortalLink, so links already sent keep working until they expire; the portal never
reads portal_token again (the column is dropped later, in the hiring app)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def hash_tokens(apps, schema_editor):
    Candidate = apps.get_model("hiring", "Candidate")
    PortalLink = apps.get_model("portal", "PortalLink")
    now = timezone.now()
    expires = now + timedelta(days=getattr(settings, "PORTAL_LINK_DAYS", 30))
    links = [
        PortalLink(
            candidate_id=pk,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            created_at=now,
            expires_at=expires,
        )
        for pk, token in Candidate.objects.exclude(portal_token="").values_list(
            "pk", "portal_token"
        )
        if not PortalLink.objects.filter(candidate_id=pk).exists()
    ]
    PortalLink.objects.bulk_create(links, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("hiring", "0001_initial"),
    ]

    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
