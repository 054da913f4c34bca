"""Sign-ins, failed sign-ins and password resets are in the audit trail, with the client's
address and never a password or token."""

import re

from django.core import mail

from secondround.audit.models import AuditEvent


def events(action, member):
    return list(
        AuditEvent.objects.filter(action=action, target_type="accounts.member", target_id=member.pk)
    )


def test_sign_in_is_recorded(cast, client):
    response = client.post(
        "/accounts/login/",
        {"username": "ivy@acme-test.test", "password": "pw"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    [event] = events("auth.signed_in", cast.ivy)
    assert event.actor == cast.ivy and event.organisation == cast.acme
    assert event.data == {"ip": "10.1.2.3"}


def test_failed_sign_in_is_recorded_without_the_password(cast, client):
    response = client.post(
        "/accounts/login/",
        {"username": "ivy@acme-test.test", "password": "guess-123"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 200  # the form again, with its error
    [event] = events("auth.sign_in_failed", cast.ivy)
    assert event.actor is None and event.organisation == cast.acme
    assert event.data == {"ip": "10.9.9.9"}
    assert "guess-123" not in str(event.data)
    assert not events("auth.signed_in", cast.ivy)


def test_failed_sign_in_for_an_unknown_address_records_nothing(cast, client):
    before = AuditEvent.objects.count()
    client.post("/accounts/login/", {"username": "nobody@x.test", "password": "pw"})
    assert AuditEvent.objects.count() == before


def test_password_reset_request_and_completion_are_recorded(cast, client):
    response = client.post(
        "/accounts/password_reset/", {"email": "ivy@acme-test.test"}, REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 302
    [requested] = events("auth.password_reset_requested", cast.ivy)
    assert requested.data == {"ip": "10.4.4.4", "sent": True}
    [message] = mail.outbox
    link = re.search(r"/accounts/reset/\S+/\S+/", message.body).group(0)
    assert link.split("/")[-2] not in str(requested.data)  # no token in the trail

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-Long-new-pass-77", "new_password2": "a-Long-new-pass-77"},
    )
    assert response.status_code == 302
    [done] = events("auth.password_reset_done", cast.ivy)
    assert done.actor == cast.ivy
    assert "a-Long-new-pass-77" not in str(done.data)
