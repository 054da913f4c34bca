"""The Content-Security-Policy holds in a real browser: no page needs an inline script or
style (every browser test fails on a CSP report, see conftest.Browsing), htmx works under
it, and an injected inline script is refused."""

import re

import pytest
from playwright.sync_api import Error, expect

from secondround.hiring.models import Application
from tests.browser.conftest import goto

pytestmark = pytest.mark.browser


def test_policy_header_is_strict(browsing, demo):
    page = browsing.login("admin@demo.test")
    response = goto(page, "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_htmx_swaps_under_the_policy_and_inline_script_is_refused(browsing, demo):
    job = Application.objects.filter(stage="finalist").first().job
    page = browsing.login("hm@demo.test")
    goto(page, f"/jobs/{job.pk}/compare/")
    page.locator("nav.toggle").get_by_role("link", name="Raw").click()
    expect(page.locator("#scores-h")).to_have_text("Ratings as written by competency")
    page.wait_for_url(re.compile(r"view=raw"))
    # htmx's own indicator style is off (base.html), so it injected no <style>.
    assert page.locator("head style").count() == 0

    with pytest.raises(Error):
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("window.injected === undefined")
    # The refusal was reported; this test expects exactly that one report.
    assert browsing.page_errors and all(
        "Content Security Policy" in error for error in browsing.page_errors
    )
    browsing.page_errors.clear()


def test_api_docs_and_admin_render_under_the_policy(browsing, demo):
    page = browsing.login("admin@demo.test")
    goto(page, "/api/docs")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("secondround API")
    goto(page, "/admin/")
    expect(page.locator("#site-name")).to_contain_text("secondround admin")
    goto(page, "/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
