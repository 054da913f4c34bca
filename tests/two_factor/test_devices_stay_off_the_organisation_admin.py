"""Two-factor devices hold their secrets: an organisation's admin cannot see them on the
admin site (they are for a support superuser, to help someone who lost phone and codes)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.two_factor.conftest import enrol


@pytest.mark.parametrize("path", ["/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"])
def test_organisation_admin_cannot_list_devices(cast, path):
    enrol(cast.ivy)
    client = Client()
    client.force_login(cast.alice.user)
    response = client.get(path)
    assert response.status_code == 403
    index = client.get("/admin/")
    assert index.status_code == 200
    assert path not in index.content.decode()


def test_a_superuser_can_remove_a_lost_device(cast):
    enrol(cast.ivy)
    support = get_user_model().objects.create_superuser("support", "s@x.test", "pw")
    client = Client()
    client.force_login(support)
    response = client.get("/admin/otp_totp/totpdevice/")
    assert response.status_code == 200
    assert "ivy@acme-test.test" in response.content.decode()
