"""Signing in by e-mail, password reset by e-mail, login throttling and the healthcheck."""

import re
from unittest import mock

from django.core import mail
from django.db import OperationalError, connections


def test_sign_in_with_email_and_password(cast, client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b'name="username"' in page.content and b'name="password"' in page.content
    response = client.post("/accounts/login/", {"username": cast.ivy.email, "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(cast.ivy.user_id)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_explains_in_plain_words(cast, client):
    response = client.post("/accounts/login/", {"username": cast.ivy.email, "password": "no"})
    assert response.status_code == 200
    assert b"do not match" in response.content


def test_password_reset_by_email(cast, client):
    page = client.get("/accounts/password_reset/")
    assert page.status_code == 200 and b"Reset your password" in page.content
    response = client.post("/accounts/password_reset/", {"email": cast.ivy.email}, follow=True)
    assert b"Check your e-mail" in response.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.ivy.email] and "secondround" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
        follow=True,
    )
    assert b"Your password is changed" in done.content
    response = client.post(
        "/accounts/login/", {"username": cast.ivy.email, "password": "a new long passphrase"}
    )
    assert response.status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing(db, client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@nowhere.test"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mail.outbox == []


def test_repeated_failures_lock_the_login_out(cast, client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/login/", {"username": cast.ivy.email, "password": "guess"})
    response = client.post("/accounts/login/", {"username": cast.ivy.email, "password": "pw"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # Someone else signing in from elsewhere is not affected.
    other = client.post(
        "/accounts/login/", {"username": cast.ian.email, "password": "pw"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_healthz_answers_200_when_the_database_answers(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(db, client):
    broken = mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    )
    with broken:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
