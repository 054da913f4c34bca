"""The API tokens page: every member lists, creates and revokes their own tokens; admins
also their organisation's; nobody sees another organisation's. A new token is shown once."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.models import ApiToken
from secondround.audit.models import AuditEvent
from tests.api.conftest import ApiClient


@pytest.fixture
def tokens(cast):
    """One token each for ivy (interviewer) and oscar (Globex's admin)."""
    cast.ivy_token, cast.ivy_raw = do_create_api_token(None, cast.ivy, "ivy laptop")
    cast.oscar_token, _ = do_create_api_token(None, cast.oscar, "globex script")
    return cast


def page_for(member):
    client = Client()
    client.force_login(member.user)
    return client


# (member, sees ivy's token, may revoke ivy's token)
ROLES = [
    ("alice", True, True),  # admin + recruiter
    ("harry", False, False),  # hiring manager
    ("ivy", True, True),  # interviewer, the owner
    ("nora", False, False),  # interviewer
    ("vera", False, False),  # approver
    ("oscar", False, False),  # another organisation's admin
]


@pytest.mark.parametrize("name,sees,may_revoke", ROLES)
def test_page_and_revoke_over_roles(tokens, name, sees, may_revoke):
    client = page_for(getattr(tokens, name))
    response = client.get("/settings/tokens/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Create a token" in page
    assert ("ivy laptop" in page) == sees
    assert ("globex script" in page) == (name == "oscar")
    assert tokens.ivy_token.key_hash not in page

    revoke = client.post(f"/settings/tokens/{tokens.ivy_token.pk}/revoke/")
    assert revoke.status_code == (302 if may_revoke else 404)
    tokens.ivy_token.refresh_from_db()
    assert tokens.ivy_token.revoked == may_revoke
    assert (ApiClient(tokens.ivy_raw).get("/api/me").status_code == 401) == may_revoke


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/settings/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_organisations_token_is_404_even_for_an_admin(tokens):
    client = page_for(tokens.alice)
    assert client.post(f"/settings/tokens/{tokens.oscar_token.pk}/revoke/").status_code == 404
    assert not ApiToken.objects.get(pk=tokens.oscar_token.pk).revoked


def test_a_new_token_is_shown_once_and_works_with_its_scope(cast):
    client = page_for(cast.ivy)
    last_day = timezone.localdate() + timedelta(days=7)
    response = client.post(
        "/settings/tokens/",
        {"name": "reporting", "scope": "read", "expires": last_day.isoformat()},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    raw = re.search(r'<code id="new-token">(sr_[\w-]+)</code>', page).group(1)
    assert "shown only once" in page
    token = ApiToken.objects.get(member=cast.ivy)
    assert token.key_hash == ApiToken.hash_key(raw) and token.scope == "read"
    assert timezone.localtime(token.expires_at).date() == last_day + timedelta(days=1)
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.actor == cast.ivy and raw not in str(event.data)

    again = client.get("/settings/tokens/")
    assert again.status_code == 200
    assert raw not in again.content.decode() and "reporting" in again.content.decode()

    assert ApiClient(raw).get("/api/me").status_code == 200
    assert ApiClient(raw).post("/api/interviews/1/scorecard/submit").status_code == 403


def test_bad_input_is_422_and_creates_nothing(cast):
    client = page_for(cast.ivy)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        "/settings/tokens/", {"name": "old", "scope": "write", "expires": yesterday}
    )
    assert response.status_code == 422
    assert "in the future" in response.content.decode()
    assert client.post("/settings/tokens/", {"name": "", "scope": "read"}).status_code == 422
    assert not ApiToken.objects.exists()


def test_own_revoke_is_recorded(tokens):
    client = page_for(tokens.ivy)
    response = client.post(f"/settings/tokens/{tokens.ivy_token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "revoked" in response.content.decode()
    [event] = AuditEvent.objects.filter(action="api_token.revoked")
    assert event.actor == tokens.ivy and event.data == {"reason": "revoked"}
