"""CSV import (secondround.imports) in a real browser: an admin uploads a ratings file,
sees the dry run with its error row, fixes the file, uploads it again and confirms; the
ratings are then in secondround."""

import pytest
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from secondround.scorecards.models import Rating
from tests.browser.conftest import PASSWORD, goto
from tests.imports.conftest import ratings_csv

pytestmark = pytest.mark.browser

ROWS = [
    ("Robotics Lead", "Sam Okafor", "ada@imports.test", "Craft", 3, 1, 4, "2025-03-01T10:00Z"),
    ("Robotics Lead", "Sam Okafor", "ben@imports.test", "Craft", 7, 1, 4, "2025-03-02T10:00Z"),
    ("Robotics Lead", "Lee Park", "ben@imports.test", "Craft", 2, 1, 4, "2025-03-03T10:00Z"),
]


@pytest.fixture
def admin(transactional_db):
    org = do_create_organisation("Imports Test", "imports-test")
    return do_add_member(
        None, org, email="ada@imports.test", display_name="Ada", roles={"admin"}, password=PASSWORD
    )


def upload(page, content: bytes):
    page.get_by_label("Historical ratings").check()
    page.get_by_label("CSV file (UTF-8)").set_input_files(
        files=[{"name": "past.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Check the file").click()


def test_upload_preview_with_an_error_fix_and_confirm(browsing, admin):
    page = browsing.login(admin.email)
    goto(page, "/candidates/")
    page.get_by_role("link", name="Import candidates or past ratings from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from a file")

    upload(page, ratings_csv(ROWS))
    expect(page.locator("#import-verdict")).to_contain_text("it has 1 error in 3 rows")
    error_row = page.locator("#import-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row.locator("td")).to_have_text(
        ["3", "rating", "Rating 7 is outside the scale 1..4."]
    )
    expect(page.locator("#confirm-import")).to_have_count(0)
    assert Rating.objects.count() == 0

    page.get_by_role("link", name="upload it again").click()
    fixed = [ROWS[0], (*ROWS[1][:4], 4, *ROWS[1][5:]), ROWS[2]]
    upload(page, ratings_csv(fixed))
    expect(page.locator("#import-verdict")).to_contain_text("ready to import: 3 rows, no errors")
    expect(page.locator("#import-counts")).to_contain_text("3 ratings")
    page.get_by_text("1 new interviewers").click()  # opens the list of new records
    expect(page.get_by_role("listitem").filter(has_text="ben@imports.test")).to_be_visible()
    expect(page.locator("#import-sample tbody tr")).to_have_count(3)
    page.get_by_role("button", name="Import 3 rows").click()

    expect(page.locator("#import-done")).to_contain_text("3 ratings")
    assert Rating.objects.count() == 3
