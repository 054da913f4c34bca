"""A new password revokes the member's API tokens: by the change-password page, by a reset
link, or by any other path that sets a password. Signing in does not."""

import re

from django.core import mail
from django.test import Client

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.models import ApiToken
from secondround.audit.models import AuditEvent
from tests.api.conftest import ApiClient

NEW_PASSWORD = "a-new-Long-passphrase-42"


def _tokens(cast):
    ivy_token, ivy_raw = do_create_api_token(None, cast.ivy, "laptop")
    _, ian_raw = do_create_api_token(None, cast.ian, "laptop")
    assert ApiClient(ivy_raw).get("/api/me").status_code == 200
    return ivy_token, ivy_raw, ian_raw


def _assert_revoked(cast, ivy_token, ivy_raw, ian_raw):
    assert ApiClient(ivy_raw).get("/api/me").status_code == 401
    assert ApiClient(ian_raw).get("/api/me").status_code == 200  # someone else's stays
    ivy_token.refresh_from_db()
    assert ivy_token.revoked
    revoked = AuditEvent.objects.get(action="api_token.revoked", target_id=ivy_token.pk)
    assert revoked.data == {"reason": "password_changed"}
    changed = AuditEvent.objects.get(action="member.password_changed")
    assert changed.data == {"tokens_revoked": [ivy_token.pk]}
    assert NEW_PASSWORD not in str(changed.data)


def test_change_password_page_revokes_tokens(cast):
    ivy_token, ivy_raw, ian_raw = _tokens(cast)
    client = Client()
    client.force_login(cast.ivy.user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pw", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    _assert_revoked(cast, ivy_token, ivy_raw, ian_raw)


def test_password_reset_revokes_tokens(cast, client):
    ivy_token, ivy_raw, ian_raw = _tokens(cast)
    client.post("/accounts/password_reset/", {"email": "ivy@acme-test.test"})
    [message] = mail.outbox
    link = re.search(r"/accounts/reset/\S+/\S+/", message.body).group(0)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    _assert_revoked(cast, ivy_token, ivy_raw, ian_raw)


def test_signing_in_and_other_saves_do_not_revoke(cast, client):
    token, raw = do_create_api_token(None, cast.ivy, "laptop")
    client.post("/accounts/login/", {"username": "ivy@acme-test.test", "password": "pw"})
    user = cast.ivy.user
    user.first_name = "Ivy"
    user.save()
    assert ApiClient(raw).get("/api/me").status_code == 200
    assert not ApiToken.objects.get(pk=token.pk).revoked
    assert not AuditEvent.objects.filter(action="member.password_changed").exists()


def test_rehashing_the_same_password_at_sign_in_does_not_revoke(cast, client, settings):
    """Django re-hashes a password with the preferred hasher when it signs someone in; the
    password is the same, so the tokens stay."""
    token, raw = do_create_api_token(None, cast.ivy, "laptop")
    old_hash = cast.ivy.user.password
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post("/accounts/login/", {"username": "ivy@acme-test.test", "password": "pw"})
    assert response.status_code == 302
    cast.ivy.user.refresh_from_db()
    assert cast.ivy.user.password != old_hash  # it was re-hashed
    assert ApiClient(raw).get("/api/me").status_code == 200
    assert not ApiToken.objects.get(pk=token.pk).revoked
