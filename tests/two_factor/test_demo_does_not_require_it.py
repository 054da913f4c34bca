"""The demo organisation does not require two-factor sign-in, so its accounts still sign in
with the password "demo" alone, admins and approvers included."""

import pytest
from django.test import Client

from secondround.demo.seed import seed_demo


@pytest.fixture
def demo_org(db, settings):
    settings.DEMO_ALLOWED = True
    organisation, _ = seed_demo(verbosity=0)
    return organisation


@pytest.mark.parametrize("email", ["admin@demo.test", "vp@demo.test", "hm@demo.test"])
def test_demo_accounts_sign_in_with_the_password_alone(demo_org, email):
    assert demo_org.require_two_factor is False
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": "demo"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
