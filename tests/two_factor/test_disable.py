"""Turning two-factor sign-in off takes a current code, not just an open session."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondround.audit.models import AuditEvent
from tests.two_factor.conftest import app_code, sign_in_with_password


def _verified_client(cast):
    client = Client()
    sign_in_with_password(client, cast.ivy)
    assert client.post("/accounts/two-factor/", {"code": app_code(cast.ivy_key, 1)}).status_code
    return client


def test_turning_off_without_the_right_code_is_refused(enrolled_ivy):
    client = _verified_client(enrolled_ivy)
    response = client.post("/settings/two-factor/disable/", {"code": "000000"})
    assert response.status_code == 422
    assert "That code is not right" in response.content.decode()
    assert TOTPDevice.objects.filter(user=enrolled_ivy.ivy.user).exists()
    assert not AuditEvent.objects.filter(action="two_factor.disabled").exists()


def test_turning_off_with_a_recovery_code(enrolled_ivy):
    cast = enrolled_ivy
    client = _verified_client(cast)
    response = client.post("/settings/two-factor/disable/", {"code": cast.ivy_codes[0]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.ivy.user).exists()
    [event] = AuditEvent.objects.filter(action="two_factor.disabled")
    assert event.actor == cast.ivy
    # The next sign-in needs the password only, and the enrolment page is back.
    fresh = Client()
    sign_in_with_password(fresh, cast.ivy)
    assert fresh.get("/").status_code == 200
    page = fresh.get("/settings/two-factor/")
    assert page.status_code == 200 and "Set up two-factor sign-in" in page.content.decode()
