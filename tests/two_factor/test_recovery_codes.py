"""Recovery codes: each signs in once; new ones replace the old."""

import re

from django.test import Client

from secondround.audit.models import AuditEvent
from tests.two_factor.conftest import app_code, sign_in_with_password, wait_out_the_throttle


def test_a_recovery_code_signs_in_once(enrolled_ivy):
    cast = enrolled_ivy
    code = cast.ivy_codes[0]
    first = Client()
    sign_in_with_password(first, cast.ivy)
    response = first.post("/accounts/two-factor/", {"code": code.upper()})  # as typed
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    [event] = AuditEvent.objects.filter(action="two_factor.recovery_code_used")
    assert event.actor == cast.ivy and event.data["codes_left"] == 9
    assert code not in str(event.data)

    second = Client()
    sign_in_with_password(second, cast.ivy)
    again = second.post("/accounts/two-factor/", {"code": code})
    assert again.status_code == 422
    assert second.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="two_factor.code_failed").count() == 1


def test_new_recovery_codes_replace_the_old(enrolled_ivy, client):
    cast = enrolled_ivy
    sign_in_with_password(client, cast.ivy)
    client.post("/accounts/two-factor/", {"code": app_code(cast.ivy_key, 1)})
    response = client.post("/settings/two-factor/recovery-codes/")
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(cast.ivy_codes)
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_regenerated").count() == 1

    old_try, new_try = Client(), Client()
    sign_in_with_password(old_try, cast.ivy)
    assert old_try.post("/accounts/two-factor/", {"code": cast.ivy_codes[1]}).status_code == 422
    wait_out_the_throttle(cast.ivy)
    sign_in_with_password(new_try, cast.ivy)
    assert new_try.post("/accounts/two-factor/", {"code": new[0]}).status_code == 302


def test_the_codes_page_needs_two_factor_on(cast, client):
    client.force_login(cast.ian.user)
    response = client.post("/settings/two-factor/recovery-codes/", follow=True)
    assert response.status_code == 200
    assert "Turn on two-factor sign-in first" in response.content.decode()
