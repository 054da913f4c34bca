"""The private link: stored only as a hash, one live link per candidate, expiring, revoked
by a newer one, and rate limited per client address in the shared cache."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from secondround.portal import actions
from secondround.portal.actions import new_token
from secondround.portal.models import PortalLink


def test_only_the_hash_is_stored(portal):
    link = PortalLink.objects.get(pk=portal.link.pk)
    assert link.token_hash == hashlib.sha256(portal.token.encode()).hexdigest()
    stored = [str(v) for v in PortalLink.objects.values_list(flat=False).get(pk=link.pk)]
    assert portal.token not in stored
    assert len(portal.token) >= 32  # 192 random bits, URL-safe


def test_a_live_link_opens_the_portal(client, portal):
    response = client.get(portal.url)
    assert response.status_code == 200
    assert b"Hi Dana" in response.content


def test_expired_link_is_refused(client, portal):
    PortalLink.objects.filter(pk=portal.link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(portal.url)
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    assert b"Hi Dana" not in response.content


def test_links_expire_after_the_configured_days(portal):
    lifetime = portal.link.expires_at - portal.link.created_at
    assert lifetime == timedelta(days=settings.PORTAL_LINK_DAYS)


def test_revoked_link_is_refused(client, cast, portal):
    actions.do_revoke_portal_link(cast.alice, cast.dana)
    response = client.get(portal.url)
    assert response.status_code == 404
    assert b"Hi Dana" not in response.content


def test_a_new_link_revokes_the_previous_one(client, cast, portal):
    _, newer = actions.do_issue_portal_link(cast.harry, cast.dana)
    assert client.get(portal.url).status_code == 404
    assert client.get(f"/p/{newer}/").status_code == 200
    assert PortalLink.objects.live().filter(candidate=cast.dana).count() == 1


def test_guessed_link_is_refused(client, portal):
    for guess in [new_token(), portal.token[:-1] + ("A" if portal.token[-1] != "A" else "B"), "x"]:
        response = client.get(f"/p/{guess}/")
        assert response.status_code == 404
        assert b"Hi Dana" not in response.content


def test_too_many_attempts_lock_the_address_out_even_with_a_good_link(client, portal, settings):
    settings.PORTAL_MAX_FAILED_ATTEMPTS = 5
    for _ in range(5):
        assert client.get(f"/p/{new_token()}/").status_code == 404
    response = client.get(portal.url)
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.PORTAL_LOCKOUT_SECONDS)
    assert b"Hi Dana" not in response.content
    # Another address is not locked out.
    assert client.get(portal.url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_count_lives_in_the_shared_cache_not_in_the_process(client, portal, settings):
    """A second cache connection (as another app server would open) sees the same count."""
    from django.core.cache import caches
    from django.core.cache.backends.base import BaseCache

    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith(("DatabaseCache", "RedisCache")), backend
    client.get(f"/p/{new_token()}/")
    other: BaseCache = caches.create_connection("default")
    assert other.get("portal:failed:127.0.0.1") == 1


def test_links_are_issued_by_the_hiring_team_only(cast, portal):
    from secondround.errors import NotAllowed

    for member in (cast.ivy, cast.nora, cast.vera, cast.oscar):
        with pytest.raises(NotAllowed):
            actions.do_issue_portal_link(member, cast.dana)
    for member in (cast.alice, cast.harry):
        _, token = actions.do_issue_portal_link(member, cast.dana)
        assert token


PAGES = ["", "values/", "topics/{topic}/", "applications/{app}/documents/",
         "applications/{app}/reschedule/", "applications/{app}/withdraw/"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_every_portal_page_is_private_and_self_contained(client, cast, portal, page):
    path = portal.url + page.format(topic=portal.topic.pk, app=cast.dana_app.pk)
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    # Every resource the page loads comes from this site: no CDN, font or tracker.
    for url in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html):
        assert url.startswith("/") and not url.startswith("//"), url
    assert "web/app.css" not in html  # the portal's own layout, not the members' one


def test_refusals_are_private_too(client, portal):
    response = client.get(f"/p/{new_token()}/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
