"""Enrolment: the page shows a QR code (inline SVG) and the secret to type; nothing is stored
until a code from the app confirms it; then ten single-use recovery codes are shown once."""

import base64
import re

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondround.audit.models import AuditEvent
from tests.conftest import login
from tests.two_factor.conftest import app_code


def _secret_on(page: str) -> str:
    typed = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    return base64.b32decode(typed.replace(" ", "")).hex()


def test_enrolment_page_shows_qr_code_and_secret_and_stores_nothing(cast, client):
    login(client, cast.ivy)
    response = client.get("/settings/two-factor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg width="' in page and 'class="segno"' in page
    assert "QR code for your authenticator app" in page
    key = _secret_on(page)
    assert len(key) == 40  # 160 bits
    assert not TOTPDevice.objects.filter(user=cast.ivy.user).exists()
    # The same secret is offered again until confirmed (a reload does not break a scan).
    assert _secret_on(client.get("/settings/two-factor/").content.decode()) == key


def test_wrong_code_keeps_two_factor_off(cast, client):
    login(client, cast.ivy)
    key = _secret_on(client.get("/settings/two-factor/").content.decode())
    wrong = f"{(int(app_code(key)) + 1) % 1_000_000:06d}"
    response = client.post("/settings/two-factor/enrol/", {"code": wrong})
    assert response.status_code == 422
    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.ivy.user).exists()


def test_right_code_turns_it_on_and_shows_ten_recovery_codes_once(cast, client):
    login(client, cast.ivy)
    key = _secret_on(client.get("/settings/two-factor/").content.decode())
    response = client.post("/settings/two-factor/enrol/", {"code": app_code(key)})
    assert response.status_code == 200
    page = response.content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(shown) == 10 and len(set(shown)) == 10
    stored = set(
        StaticToken.objects.filter(device__user=cast.ivy.user).values_list("token", flat=True)
    )
    assert stored == set(shown)
    device = TOTPDevice.objects.get(user=cast.ivy.user)
    assert device.confirmed and device.key == key
    [event] = AuditEvent.objects.filter(action="two_factor.enabled")
    assert event.actor == cast.ivy and key not in str(event.data)
    # The state page shows the count, never the codes again.
    again = client.get("/settings/two-factor/")
    assert again.status_code == 200
    assert "10</strong> unused recovery codes" in again.content.decode()
    assert shown[0] not in again.content.decode()
    # This session proved the device: it is signed in with it, and goes on.
    assert client.get("/").status_code == 200
