"""Write functions for a member's notification choices and calendar feed."""

import secrets

from django.db import transaction

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError
from secondround.notifications.models import (
    PREFERENCE_CHOICES,
    CalendarFeed,
    NotificationPreference,
)


@transaction.atomic
def do_save_preferences(member: Member, *, receive: list[str]) -> NotificationPreference:
    """Keep the kinds the member still wants; everything else is muted."""
    codes = [code for code, _ in PREFERENCE_CHOICES]
    unknown = [c for c in receive if c not in codes]
    if unknown:
        raise ActionError("Choose from the list.", "receive")
    preference, _ = NotificationPreference.objects.update_or_create(
        member=member, defaults={"muted": [c for c in codes if c not in receive]}
    )
    record(member, "notifications.preferences", preference, muted=preference.muted)
    return preference


@transaction.atomic
def do_reset_calendar_feed(member: Member) -> str:
    """A new secret feed URL for the member; the old one stops working at once. Returns the
    secret, which is not kept and cannot be shown again."""
    raw = secrets.token_urlsafe(24)
    feed, _ = CalendarFeed.objects.update_or_create(
        member=member, defaults={"token_hash": CalendarFeed.hash_token(raw)}
    )
    record(member, "calendar_feed.reset", feed)
    return raw


@transaction.atomic
def do_remove_calendar_feed(member: Member) -> None:
    feed = CalendarFeed.objects.filter(member=member).first()
    if feed is not None:
        record(member, "calendar_feed.removed", feed)
        feed.delete()
