"""Signing in with two-factor on: the password alone reaches nothing but the code page; a
right code opens the app; a wrong one is refused, recorded and throttled."""

import pytest
from django.test import Client

from secondround.audit.models import AuditEvent
from tests.two_factor.conftest import app_code, sign_in_with_password, wait_out_the_throttle


@pytest.mark.parametrize(
    "path",
    ["/", "/settings/tokens/", "/settings/two-factor/", "/settings/", "/admin/", "/team/"],
)
def test_password_alone_reaches_only_the_code_page(enrolled_ivy, path):
    client = Client()
    sign_in_with_password(client, enrolled_ivy.ivy)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_the_login_redirect_lands_on_the_code_page_and_keeps_next(enrolled_ivy, client):
    sign_in_with_password(client, enrolled_ivy.ivy)
    response = client.get("/settings/tokens/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Fsettings%2Ftokens%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter your sign-in code" in page.content.decode()
    done = client.post(
        "/accounts/two-factor/",
        {"code": app_code(enrolled_ivy.ivy_key, 1), "next": "/settings/tokens/"},
    )
    assert done.status_code == 302 and done["Location"] == "/settings/tokens/"
    assert client.get("/settings/tokens/").status_code == 200
    [event] = AuditEvent.objects.filter(action="two_factor.verified")
    assert event.actor == enrolled_ivy.ivy and event.data["method"] == "totp"


def test_next_cannot_lead_off_site(enrolled_ivy, client):
    sign_in_with_password(client, enrolled_ivy.ivy)
    done = client.post(
        "/accounts/two-factor/",
        {"code": app_code(enrolled_ivy.ivy_key, 1), "next": "https://evil.example/"},
    )
    assert done.status_code == 302 and done["Location"] == "/"


def test_wrong_code_is_refused_recorded_and_throttled(enrolled_ivy, client):
    cast = enrolled_ivy
    sign_in_with_password(client, cast.ivy)
    right = app_code(cast.ivy_key, 1)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/", {"code": wrong})
    assert response.status_code == 422
    assert "That code is not right" in response.content.decode()
    [failed] = AuditEvent.objects.filter(action="two_factor.code_failed")
    assert failed.actor == cast.ivy and wrong not in str(failed.data)
    assert client.get("/").status_code == 302  # still only the code page

    # django-otp's throttle: right after a wrong code, even the right one waits.
    throttled = client.post("/accounts/two-factor/", {"code": right})
    assert throttled.status_code == 422
    assert "Too many wrong codes" in throttled.content.decode()
    assert AuditEvent.objects.filter(action="two_factor.code_failed").count() == 2

    # Once the wait is over, the right code opens the app.
    wait_out_the_throttle(cast.ivy)
    assert client.post("/accounts/two-factor/", {"code": right}).status_code == 302
    assert client.get("/").status_code == 200


def test_a_code_cannot_be_replayed(enrolled_ivy):
    code = app_code(enrolled_ivy.ivy_key, 1)
    first, second = Client(), Client()
    sign_in_with_password(first, enrolled_ivy.ivy)
    sign_in_with_password(second, enrolled_ivy.ivy)
    assert first.post("/accounts/two-factor/", {"code": code}).status_code == 302
    assert second.post("/accounts/two-factor/", {"code": code}).status_code == 422


def test_members_without_two_factor_sign_in_with_the_password_alone(cast, client):
    sign_in_with_password(client, cast.ian)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/two-factor/").status_code == 302  # nothing to ask


def test_the_api_takes_tokens_not_the_code(enrolled_ivy):
    """Bearer tokens are their own credential: the sign-in gate does not apply to them."""
    from secondround.accounts.actions import do_create_api_token
    from tests.api.conftest import ApiClient

    _, raw = do_create_api_token(None, enrolled_ivy.ivy, "script")
    assert ApiClient(raw).get("/api/me").status_code == 200
