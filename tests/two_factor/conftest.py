"""Helpers for two-factor tests: codes computed as an authenticator app would, members
enrolled through the write function, and signing in with the password step."""

import pytest
from django_otp.oath import totp

from secondround.accounts.two_factor import do_enable_two_factor, new_secret


def app_code(key_hex: str, steps_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows for this secret (``steps_ahead`` 30-second
    steps from now: enrolment spends the current step, and a used step cannot be replayed,
    so a sign-in right after enrolment uses the next one, as django-otp's tolerance of one
    step allows)."""
    return f"{totp(bytes.fromhex(key_hex), drift=steps_ahead):06d}"


def enrol(member):
    """Turn on two-factor sign-in for ``member``; returns (secret, recovery codes)."""
    key = new_secret()
    codes = do_enable_two_factor(member, key, app_code(key))
    return key, codes


def sign_in_with_password(client, member, password="pw"):
    response = client.post(
        "/accounts/login/", {"username": member.user.username, "password": password}
    )
    assert response.status_code == 302, "the password step should succeed"
    return response


@pytest.fixture
def enrolled_ivy(cast):
    key, codes = enrol(cast.ivy)
    cast.ivy_key, cast.ivy_codes = key, codes
    return cast


def wait_out_the_throttle(member):
    """As if the wait django-otp imposes after a wrong code had passed."""
    from datetime import timedelta

    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    long_ago = timezone.now() - timedelta(days=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=member.user, throttling_failure_count__gt=0).update(
            throttling_failure_timestamp=long_ago
        )
