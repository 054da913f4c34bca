"""axe-core runs on every page the browser tests load; here it proves it catches a violation,
and checks the pages of this area: each role's home, and the friendly error pages."""

import pytest

from tests.browser.conftest import axe_violations, goto


def test_axe_runs_on_each_page_load_and_catches_a_violation(browsing, demo):
    page = browsing.login("ana@demo.test")
    page.wait_for_function("window.__axeDone !== undefined")
    page.evaluate("window.__axeDone")
    assert "/" in browsing.axe_checked  # the home page after signing in, checked by itself
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    found = {v["id"] for v in axe_violations(page)}
    assert "image-alt" in found
    page.evaluate("document.querySelector('main img').remove()")


@pytest.mark.parametrize(
    "email", ["hm@demo.test", "vp@demo.test", "admin@demo.test", "ana@demo.test"]
)
def test_each_roles_home_has_no_violation(browsing, demo, email):
    page = browsing.login(email)
    assert axe_violations(page) == []
    assert page.locator("main h2").count() >= 1  # a section, never an empty page


def test_error_pages_have_no_violation(browsing, demo):
    page = browsing.login("ana@demo.test")
    goto(page, "/no-such-page/", status=404)
    assert page.get_by_role("heading", name="We could not find that page").is_visible()
    assert axe_violations(page) == []
    goto(page, "/calibration/", status=403)
    assert axe_violations(page) == []
