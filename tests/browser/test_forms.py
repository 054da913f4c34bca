"""Forms in a real browser: a refused form comes back with the error next to its field, and
with everything that was typed still in place (no demo seed: fast)."""

import pytest
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from tests.browser.conftest import PASSWORD, goto

pytestmark = pytest.mark.browser


@pytest.fixture
def recruiter(transactional_db):
    org = do_create_organisation("Form Test", "form-test")
    return do_add_member(
        None, org, email="rae@form.test", display_name="Rae Recruiter",
        roles={"admin", "recruiter"}, password=PASSWORD,
    )  # fmt: skip


def test_a_refused_job_and_rubric_keep_what_was_typed(browsing, recruiter):
    page = browsing.login(recruiter.email)
    goto(page, "/jobs/new/")
    page.get_by_label("Department").fill("Infrastructure")
    page.get_by_label("What the job is").fill("Keeps the fleet running.")
    page.get_by_role("button", name="Create job").click()

    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title-error")).to_have_text("Give the job a title.")
    expect(page.get_by_label("Department")).to_have_value("Infrastructure")
    expect(page.get_by_label("What the job is")).to_have_value("Keeps the fleet running.")
    title.fill("Platform Engineer")
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up Platform Engineer")

    page.get_by_role("link", name="Add a competency").click()
    page.get_by_label("Name").fill("Incident handling")
    for point in (1, 2, 3):
        page.locator(f"#anchor_{point}").fill(f"What a {point} looks like")
    page.get_by_role("button", name="Save competency").click()
    expect(page.locator("#anchors-error")).to_contain_text("missing: 4")
    expect(page.locator("#anchor_4")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#anchor_3")).to_have_value("What a 3 looks like")
    expect(page.get_by_label("Name")).to_have_value("Incident handling")
    page.locator("#anchor_4").fill("What a 4 looks like")
    page.get_by_role("button", name="Save competency").click()
    expect(page.locator(".setup-competency strong")).to_have_text("Incident handling")
