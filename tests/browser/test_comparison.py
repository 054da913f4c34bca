"""The hiring manager's finalist comparison, on a desktop and a phone, and the oversight pages
(interviewer calibration, job setup) as the demo admin sees them."""

import re

import pytest
from playwright.sync_api import expect

from secondround.hiring.models import Application, Job
from tests.browser.conftest import PHONE, goto, scroll_width, shot

pytestmark = pytest.mark.browser

PERCENT = re.compile(r"^(<1|\d{1,3})%$")


def finalist_job() -> tuple[Job, list[str]]:
    """The demo job whose applications are at the finalist stage, and their first names."""
    finalists = Application.objects.filter(stage="finalist").select_related("candidate", "job")
    jobs = {a.job for a in finalists}
    assert len(jobs) == 1, f"expected one job with finalists, found {jobs}"
    names = sorted(a.candidate.name.split()[0] for a in finalists)
    assert len(names) == 3, names
    return jobs.pop(), names


def scores_shown(page) -> str:
    return page.locator("#compare-fragment table.scores tbody").inner_text()


def test_finalist_comparison_raw_and_calibrated(browsing, demo):
    job, names = finalist_job()
    page = browsing.login("hm@demo.test")
    goto(page, f"/jobs/{job.pk}/compare/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(job.title)

    # P(best): one percentage per finalist, never a bare rank.
    rows = page.locator("ul.pbest > li")
    expect(rows).to_have_count(3)
    for name in names:
        row = rows.filter(has_text=name)
        expect(row).to_have_count(1)
        assert PERCENT.match(row.locator(".pbest-value").inner_text().strip())
    expect(page.locator(".verdict-lead")).to_contain_text("%")

    # The chart: a server-drawn SVG labelled with the finalists' names.
    chart = page.locator("#compare-fragment .chart-wide svg")
    expect(chart).to_be_visible()
    chart_text = chart.text_content()
    for name in names:
        assert name in chart_text, f"{name} is not labelled in the chart"
    calibrated_scores = scores_shown(page)
    calibrated_chart = chart.locator("title").first.text_content()
    expect(page.locator("#scores-h")).to_have_text("Calibrated scores by competency")
    expect(page.locator("ul.why")).to_be_visible()
    shot(page, "compare-calibrated")

    # Raw: the htmx toggle swaps the scores, the chart and the heading in place.
    page.locator("nav.toggle").get_by_role("link", name="Raw").click()
    expect(page.locator("#scores-h")).to_have_text("Ratings as written by competency")
    expect(page.locator("nav.toggle a[aria-current]")).to_have_text("Raw")
    page.wait_for_url(re.compile(r"view=raw"))
    assert scores_shown(page) != calibrated_scores
    raw_chart = page.locator("#compare-fragment .chart-wide svg title").first.text_content()
    assert raw_chart != calibrated_chart
    expect(page.locator("ul.why")).to_have_count(0)
    shot(page, "compare-raw")

    page.locator("nav.toggle").get_by_role("link", name="Calibrated").click()
    expect(page.locator("#scores-h")).to_have_text("Calibrated scores by competency")
    assert scores_shown(page) == calibrated_scores

    # At 390 px the comparison still fits: no sideways scrolling.
    phone = browsing.login("hm@demo.test", viewport=PHONE)
    goto(phone, f"/jobs/{job.pk}/compare/")
    expect(phone.locator("#compare-fragment .chart-narrow svg")).to_be_visible()
    assert scroll_width(phone) <= PHONE["width"] + 1, "the comparison scrolls sideways at 390 px"
    shot(phone, "compare-390px")


def test_oversight_pages_for_the_admin(browsing, demo):
    job, _ = finalist_job()
    page = browsing.login("admin@demo.test")

    goto(page, "/calibration/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interviewer calibration")
    # Every demo interviewer who rated appears, by name.
    for name in ("Ana Ruiz", "Ben Okafor", "Chen Li", "Dee Patel", "Raj Singh"):
        expect(page.locator("table.interviewers th[scope=row]", has_text=name)).to_be_visible()
    expect(page.locator("main svg").first).to_be_visible()
    shot(page, "calibration-report")

    goto(page, f"/jobs/{job.pk}/setup/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Set up {job.title}")
    for competency in job.competencies.values_list("name", flat=True):
        expect(page.locator(".setup-competency strong", has_text=competency)).to_be_visible()
    shot(page, "job-setup")
