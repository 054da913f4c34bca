"""Opening the portal with a link: rate limited, then found by the token's hash.

A wrong, expired or revoked link counts as a failed attempt for the client's address, in the
shared cache, so that every app server counts together. Past PORTAL_MAX_FAILED_ATTEMPTS the
address gets 429 for PORTAL_LOCKOUT_SECONDS, even with a good link: guessing stays pointless.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from secondround.portal.models import PortalLink, hash_token


class TooManyAttempts(Exception):
    pass


class LinkNotValid(Exception):
    """The link is unknown, expired or revoked. ``reason`` is only for the page's wording."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def client_address(request) -> str:
    """The same address django-axes uses (AXES_CLIENT_IP_HEADERS behind a proxy)."""
    for header in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return "unknown"


def _key(address: str) -> str:
    return f"portal:failed:{address}"


def failed_attempts(address: str) -> int:
    return cache.get(_key(address), 0)


def _count_failure(address: str) -> None:
    key = _key(address)
    # add() sets the counter with its expiry only when absent; incr() keeps that expiry.
    if not cache.add(key, 1, timeout=settings.PORTAL_LOCKOUT_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=settings.PORTAL_LOCKOUT_SECONDS)


def open_link(request, token: str) -> PortalLink:
    """The live link for ``token``, or TooManyAttempts / LinkNotValid."""
    address = client_address(request)
    if failed_attempts(address) >= settings.PORTAL_MAX_FAILED_ATTEMPTS:
        raise TooManyAttempts
    link = (
        PortalLink.objects.select_related("candidate__organisation")
        .filter(token_hash=hash_token(token))
        .first()
        if 20 <= len(token) <= 64
        else None
    )
    if link is None or not link.is_live:
        _count_failure(address)
        reason = "unknown" if link is None else ("revoked" if link.revoked_at else "expired")
        raise LinkNotValid(reason)
    now = timezone.now()
    if link.last_used_at is None or (now - link.last_used_at).total_seconds() > 300:
        PortalLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link
