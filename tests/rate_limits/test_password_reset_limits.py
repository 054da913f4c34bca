"""Password reset e-mails are limited per address and per client IP (per rolling hour);
past a limit the page answers the same, and the audit event says the e-mail was held."""

from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from secondround.audit.models import AuditEvent

ASK = "/accounts/password_reset/"


def ask(client, email, ip):
    response = client.post(ASK, {"email": email}, REMOTE_ADDR=ip)
    assert response.status_code == 302 and response.url.endswith("/password_reset/done/")


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=3, PASSWORD_RESET_LIMIT_PER_IP=100)
def test_per_address(cast, client):
    for n in range(5):
        ask(client, "ivy@acme-test.test", f"10.0.0.{n}")  # a new IP each time
    assert len(mail.outbox) == 3
    held = AuditEvent.objects.filter(action="auth.password_reset_requested", data__sent=False)
    assert held.count() == 2
    ask(client, "ian@acme-test.test", "10.0.0.9")  # another address is not held
    assert len(mail.outbox) == 4


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=100, PASSWORD_RESET_LIMIT_PER_IP=2)
def test_per_ip(cast, client):
    for name in ("ivy", "ian", "nora", "vera"):
        ask(client, f"{name}@acme-test.test", "10.6.6.6")
    assert [m.to for m in mail.outbox] == [["ivy@acme-test.test"], ["ian@acme-test.test"]]
    ask(client, "nora@acme-test.test", "10.7.7.7")  # another IP may still ask
    assert len(mail.outbox) == 3


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=1, PASSWORD_RESET_LIMIT_PER_IP=100)
def test_the_window_rolls_on(cast, client, monkeypatch):
    ask(client, "ivy@acme-test.test", "10.0.0.1")
    ask(client, "ivy@acme-test.test", "10.0.0.1")
    assert len(mail.outbox) == 1
    later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr("secondround.accounts.password_reset.timezone.now", lambda: later)
    ask(client, "ivy@acme-test.test", "10.0.0.1")
    assert len(mail.outbox) == 2
