"""Write functions for API tokens: create, revoke, record a day's first use, and revoke them
all when their member's password changes.

A token is a bearer credential for the HTTP API (secondround/api/auth.py). Only its SHA-256
hash is stored; the token itself is shown once. It has a scope (read: GET only; write:
everything its member may do) and an optional expiry.
"""

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from secondround.accounts.models import ApiToken, Member, TokenScope
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed


def end_of_day(day: date, zone: str) -> datetime:
    """A token "valid until ``day``" works through that whole day in ``zone`` (the member's
    time zone on the web page, the server's for the CLI): it expires at the next midnight."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(zone))


def _ensure_may_manage(actor: Member | None, owner: Member, message: str) -> None:
    """``actor`` None is the system (the CLI); otherwise the token's own member, or an
    admin of its organisation."""
    if actor is None or actor.pk == owner.pk:
        return
    if not (actor.active and actor.is_admin and actor.organisation_id == owner.organisation_id):
        raise NotAllowed(message)


@transaction.atomic
def do_create_api_token(
    actor: Member | None,
    member: Member,
    name: str,
    *,
    scope: str = TokenScope.WRITE,
    expires_at: datetime | None = None,
):
    """Create a bearer token for ``member``. Returns ``(token, raw)``: ``raw`` is shown once
    and never stored (only its SHA-256 hash is). Members create their own tokens, admins
    also those of their organisation's members."""
    _ensure_may_manage(actor, member, "Only an admin creates tokens for other members.")
    if not member.active:
        raise ActionError("That member is deactivated.", "member")
    name = name.strip()
    if not name:
        raise ActionError("Say what the token is for.", "name")
    if len(name) > 100:
        raise ActionError("Keep the name under 100 characters.", "name")
    if scope not in TokenScope.values:
        raise ActionError("Choose read or write.", "scope")
    if expires_at is not None and expires_at <= timezone.now():
        raise ActionError("Choose an expiry date in the future.", "expires")
    raw = "sr_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member=member,
        name=name,
        key_hash=ApiToken.hash_key(raw),
        scope=scope,
        expires_at=expires_at,
    )
    record(
        actor,
        "api_token.created",
        token,
        member.organisation,
        member=member.pk,
        name=name,
        scope=scope,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return token, raw


@transaction.atomic
def do_revoke_api_token(actor: Member | None, token: ApiToken, reason: str = "revoked"):
    """Revoke a token for good. Members revoke their own; admins any of their organisation's.
    ``reason`` says why in the audit event (revoked, deactivated, password_changed)."""
    token = ApiToken.objects.select_for_update().select_related("member").get(pk=token.pk)
    _ensure_may_manage(actor, token.member, "Only an admin revokes other members' tokens.")
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(actor, "api_token.revoked", token, token.member.organisation, reason=reason)
    return token


@transaction.atomic
def do_record_token_use(token: ApiToken, now: datetime) -> bool:
    """Note that ``token`` was used at ``now``. The day's first use (in the server's time
    zone) also writes an ``api_token.used`` event, so that the trail shows which tokens
    are alive without an event per request. Returns whether this was the day's first use.

    The conditional UPDATE makes two simultaneous first requests write one event: only the
    one whose update finds the old ``last_used_at`` records it."""
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    first_today = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=start_of_day))
        .update(last_used_at=now)
    )
    if first_today:
        record(
            token.member,
            "api_token.used",
            token,
            token.member.organisation,
            scope=token.scope,
        )
    return bool(first_today)


@transaction.atomic
def do_revoke_tokens_after_password_change(member: Member) -> list[int]:
    """A new password ends every API token of the member: whoever changed it because it
    leaked must not be left with tokens made by whoever held it. Called for every password
    change (the settings page, a reset link, the admin, ``changepassword``) from the user
    model's post_save signal (accounts/signals.py)."""
    revoked = []
    for token in ApiToken.objects.filter(member=member, revoked=False):
        do_revoke_api_token(None, token, reason="password_changed")
        revoked.append(token.pk)
    record(None, "member.password_changed", member, member.organisation, tokens_revoked=revoked)
    return revoked
