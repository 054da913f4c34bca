"""'Recalibrate now' follows the run: the report polls the run's status (htmx, no inline
script under the strict CSP) and reloads with the new figures when the run ends."""

import pytest
from playwright.sync_api import expect

from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.stamp import bump_inputs
from tests.browser.conftest import goto, shot

pytestmark = pytest.mark.browser


def test_recalibrate_now_updates_the_report_when_the_run_ends(browsing, demo, monkeypatch):
    # Runs are queued but not run, so that the test decides when the run ends.
    queued = []
    monkeypatch.setattr("secondround.calibration.tasks.queue_refresh", queued.append)
    monkeypatch.setattr("secondround.calibration.state.queue_refresh", queued.append)
    do_refresh_calibration(demo.pk)
    bump_inputs(demo.pk)  # the ratings changed since the last run

    page = browsing.login("admin@demo.test")
    goto(page, "/calibration/")
    expect(page.locator(".calibration-stamp .stale")).to_be_visible()
    page.get_by_role("button", name="Recalibrate now").click()
    expect(page.get_by_text("This page updates when the run ends.")).to_be_visible()
    status = page.locator("#run-status")
    expect(status).to_contain_text("A calibration run is under way")
    assert queued == [demo.pk]
    page.evaluate("window.__beforeTheRunEnded = true")

    # While the run is under way the line stays; each poll answers the same.
    with page.expect_response(lambda r: "/calibration/status/" in r.url) as polled:
        pass
    assert polled.value.status == 200 and polled.value.headers.get("hx-refresh") is None
    shot(page, "recalibrate-running")

    # Right after a poll (the live server runs one request at a time), the run ends.
    with page.expect_response(lambda r: "/calibration/status/" in r.url):
        pass
    do_refresh_calibration(demo.pk)
    expect(status).to_have_count(0, timeout=15_000)
    expect(page.locator(".calibration-stamp .stale")).to_have_count(0)
    assert page.evaluate("window.__beforeTheRunEnded === undefined"), "the page did not reload"
    expect(page.get_by_role("heading", level=1)).to_have_text("Interviewer calibration")
    shot(page, "recalibrate-ended")
