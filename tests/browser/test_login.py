"""Signing in through the real login form, without the demo seed (fast, and proves the rig)."""

import pytest
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from tests.browser.conftest import PASSWORD, goto

pytestmark = pytest.mark.browser


@pytest.fixture
def member(transactional_db):
    org = do_create_organisation("Rig Test", "rig-test")
    return do_add_member(
        None,
        org,
        email="rig@rig.test",
        display_name="Rita Rig",
        roles={"interviewer"},
        password=PASSWORD,
    )


def test_sign_in_and_out(browsing, member):
    page = browsing.new_page()
    goto(page, "/")  # anonymous: sent to the login form
    assert "/accounts/login/" in page.url

    page.fill("input[name=username]", member.email)
    page.fill("input[name=password]", "wrong")
    page.click("main button[type=submit]")
    page.get_by_role("alert").wait_for()
    assert "do not match" in page.get_by_role("alert").inner_text()

    page = browsing.login(member.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rita")
    expect(page.locator("header .who")).to_contain_text("Rita Rig · Rig Test")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
