"""In a real browser: a member sets up two-factor sign-in from the QR code page (typing the
secret as a person without a camera would), keeps the recovery codes, signs out, and signs
in again with their password and a code computed here as an authenticator app would."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from tests.browser.conftest import PASSWORD, goto

pytestmark = pytest.mark.browser


def app_code(secret_typed: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret_typed.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


@pytest.fixture
def member(transactional_db):
    org = do_create_organisation("Rig Test", "rig-test")
    return do_add_member(
        None,
        org,
        email="tess@rig.test",
        display_name="Tess Two",
        roles={"admin"},
        password=PASSWORD,
    )


def test_enrol_then_sign_in_with_a_code(browsing, member):
    page = browsing.login(member.email)
    goto(page, "/settings/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    qr = page.locator("figure.qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 100  # big enough to scan
    secret = page.locator("#secret").inner_text()

    page.get_by_label("Code from your app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    expect(page.locator("#recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.fill("input[name=username]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")

    # Straight to a page: still the code first.
    goto(page, "/team/")
    assert "/accounts/two-factor/" in page.url

    page.get_by_label("Code").fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
