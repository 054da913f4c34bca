"""A token's first use each day writes one audit event, however many requests follow."""

from datetime import timedelta

from django.utils import timezone

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.models import ApiToken
from secondround.audit.models import AuditEvent
from tests.api.conftest import ApiClient


def used_events(token):
    return AuditEvent.objects.filter(action="api_token.used", target_id=token.pk)


def test_two_requests_on_one_day_write_one_event_and_the_next_day_another(cast):
    token, raw = do_create_api_token(None, cast.ivy, "ci")
    client = ApiClient(raw)
    assert client.get("/api/me").status_code == 200
    # Past the one-minute resolution of last_used_at, still the same day.
    earlier_today = max(
        timezone.now() - timedelta(minutes=5),
        timezone.localtime().replace(hour=0, minute=0, second=1, microsecond=0),
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier_today)
    assert client.get("/api/me").status_code == 200
    [event] = used_events(token)
    assert event.actor == cast.ivy and event.organisation == cast.acme
    assert raw not in str(event.data)

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(days=1))
    assert client.get("/api/me").status_code == 200
    assert used_events(token).count() == 2
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)
