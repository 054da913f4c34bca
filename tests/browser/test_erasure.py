"""In a real browser: an admin opens a candidate's personal-data page from the candidate's
page, downloads the access export, and anonymises the candidate after typing their name."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from secondround.hiring.actions import do_add_candidate
from tests.browser.conftest import PASSWORD, goto

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(transactional_db, live_server):
    org = do_create_organisation("Erase Test", "erase-test")
    admin = do_add_member(
        None,
        org,
        email="ada@erase.test",
        display_name="Ada Admin",
        roles={"admin"},
        password=PASSWORD,
    )
    admin.candidate = do_add_candidate(admin, name="Dana Kim", email="dana@example.com")
    return admin


def test_an_admin_exports_then_anonymises_a_candidate(browsing, admin):
    page = browsing.login(admin.email)
    goto(page, f"/candidates/{admin.candidate.pk}/")
    page.get_by_role("link", name="Personal data: access request and erasure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data of Dana Kim")
    expect(page.get_by_text("Review it before sending.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a readable page (HTML)").click()
    assert download.value.suggested_filename == "access-request-dana-kim.html"
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<h1>Personal data held about Dana Kim</h1>" in html

    field = page.get_by_label("Type the candidate's full name to confirm")
    field.fill("Dana")
    page.get_by_role("button", name="Anonymise Dana Kim").click()
    expect(page.get_by_text("Type the candidate's full name to confirm.")).to_be_visible()

    page.get_by_label("Type the candidate's full name to confirm").fill("Dana Kim")
    page.get_by_role("button", name="Anonymise Dana Kim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Anonymised candidate {admin.candidate.pk}"
    )
    expect(page.get_by_text("The candidate was anonymised.")).to_be_visible()
