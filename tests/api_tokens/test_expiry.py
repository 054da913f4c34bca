"""A token past its expiry is 401 with a detail that says it expired; before, it works."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.models import ApiToken
from secondround.errors import ActionError
from tests.api.conftest import ApiClient


def test_expired_token_is_401_with_a_clear_detail(cast):
    token, raw = do_create_api_token(
        None, cast.ivy, "ci", expires_at=timezone.now() + timedelta(days=1)
    )
    assert ApiClient(raw).get("/api/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = ApiClient(raw).get("/api/me")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert "/settings/tokens/" in response.json()["detail"]


def test_token_without_expiry_keeps_working(cast):
    token, raw = do_create_api_token(None, cast.ivy, "ci")
    assert token.expires_at is None
    assert ApiClient(raw).get("/api/me").status_code == 200


def test_expiry_must_be_in_the_future(cast):
    with pytest.raises(ActionError, match="future"):
        do_create_api_token(None, cast.ivy, "ci", expires_at=timezone.now() - timedelta(hours=1))


def test_create_api_token_command_takes_scope_and_expiry(cast):
    out, err = StringIO(), StringIO()
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    call_command(
        "create_api_token",
        "ivy@acme-test.test",
        "--name",
        "nightly",
        "--scope",
        "read",
        "--expires",
        day,
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(raw))
    assert token.scope == "read"
    # Works through the whole of that day: expires at the next midnight.
    expires = timezone.localtime(token.expires_at)
    assert expires.date().isoformat() > day and (expires.hour, expires.minute) == (0, 0)
    assert "read only" in err.getvalue() and "expires" in err.getvalue()
    assert ApiClient(raw).get("/api/me").status_code == 200
    assert ApiClient(raw).post("/api/interviews/1/scorecard/submit").status_code == 403


def test_create_api_token_command_refuses_a_past_date(cast):
    with pytest.raises(CommandError, match="future"):
        call_command(
            "create_api_token", "ivy@acme-test.test", "--expires", "2000-01-01", stdout=StringIO()
        )
