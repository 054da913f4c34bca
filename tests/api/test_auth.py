"""Bearer tokens: only a valid, live token opens the API; only its hash is stored."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from secondround.accounts.actions import do_create_api_token, do_revoke_api_token
from secondround.accounts.models import ApiToken
from secondround.audit.models import AuditEvent
from secondround.errors import NotAllowed
from tests.api.conftest import ApiClient


def test_no_token_is_401_with_json_detail(api):
    response = api(None).get("/api/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer sr_not-a-real-token", "Bearer ", "Basic YWxpY2U6cHc=", "sr_no-scheme", "Bearer"],
)
def test_wrong_or_malformed_token_is_401(cast, header):
    do_create_api_token(None, cast.ivy, "real one")
    response = Client().get("/api/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_revoked_token_is_401(cast):
    token, raw = do_create_api_token(None, cast.ivy, "laptop")
    assert ApiClient(raw).get("/api/me").status_code == 200
    do_revoke_api_token(cast.ivy, token)
    assert ApiClient(raw).get("/api/me").status_code == 401


def test_deactivated_member_token_is_401(cast):
    _, raw = do_create_api_token(None, cast.ivy, "laptop")
    cast.ivy.active = False
    cast.ivy.save()
    assert ApiClient(raw).get("/api/me").status_code == 401


def test_session_login_does_not_open_the_api(cast):
    """Bearer only: a signed-in browser session is no credential for the API."""
    client = Client()
    client.force_login(cast.alice.user)
    assert client.get("/").status_code in (200, 302)
    assert client.get("/api/me").status_code == 401


def test_only_the_hash_is_stored(cast):
    token, raw = do_create_api_token(None, cast.ivy, "ci")
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in token.key_hash
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert raw not in str(stored)
    event = AuditEvent.objects.get(action="api_token.created")
    assert raw not in str(event.data)


def test_use_is_recorded(cast):
    token, raw = do_create_api_token(None, cast.ivy, "ci")
    assert token.last_used_at is None
    ApiClient(raw).get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_permissions(cast):
    with pytest.raises(NotAllowed):
        do_create_api_token(cast.ivy, cast.ian, "not mine")
    with pytest.raises(NotAllowed):
        do_create_api_token(cast.oscar, cast.ivy, "other org")
    do_create_api_token(cast.alice, cast.ivy, "admin made it")
    token, _ = do_create_api_token(cast.ivy, cast.ivy, "my own")
    with pytest.raises(NotAllowed):
        do_revoke_api_token(cast.ian, token)


def test_create_api_token_command_prints_a_working_token(cast):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token", "IVY@acme-test.test", "--name", "script", stdout=out, stderr=err
    )
    raw = out.getvalue().strip()
    assert raw.startswith("sr_") and "\n" not in raw
    assert "shown only now" in err.getvalue()
    token = ApiToken.objects.get(member=cast.ivy)
    assert token.name == "script"
    assert token.key_hash == ApiToken.hash_key(raw)
    response = ApiClient(raw).get("/api/me")
    assert response.status_code == 200
    assert response.json()["email"] == "ivy@acme-test.test"


def test_create_api_token_command_unknown_email(cast):
    with pytest.raises(CommandError, match="No member"):
        call_command("create_api_token", "nobody@example.com", stdout=StringIO())


def test_revoke_api_token_command(cast):
    _, raw = do_create_api_token(None, cast.ivy, "script")
    call_command("revoke_api_token", "ivy@acme-test.test", "--name", "script", stdout=StringIO())
    assert ApiClient(raw).get("/api/me").status_code == 401
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "ivy@acme-test.test", "--all", stdout=StringIO())


def test_admin_lists_and_revokes_only_its_organisations_tokens(cast):
    ivy_token, raw = do_create_api_token(None, cast.ivy, "laptop")
    oscar_token, _ = do_create_api_token(None, cast.oscar, "globex script")
    client = Client()
    client.force_login(cast.alice.user)
    listing = client.get("/admin/accounts/apitoken/").content.decode()
    assert "laptop" in listing and "globex script" not in listing
    assert ivy_token.key_hash not in listing
    client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [ivy_token.pk, oscar_token.pk]},
    )
    ivy_token.refresh_from_db()
    oscar_token.refresh_from_db()
    assert ivy_token.revoked and not oscar_token.revoked
    assert ApiClient(raw).get("/api/me").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=cast.alice).count() == 1
