"""The pipeline in a real browser: add a candidate with a PDF CV and apply them to a job,
schedule round 1, and advance to round 2 from the pipeline in one step.

Demo facts relied on (secondround/demo/seed.py): Hannah (hm@) manages Platform Engineer,
whose round 1 panel is Ana, Ben and Raj, and whose round 2 panel is Chen and Dee.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from secondround.hiring.models import Application, Job
from tests.browser.conftest import PHONE, goto, scroll_width, shot
from tests.pipeline.conftest import PDF
from tests.pipeline.test_interviews import next_weekday

pytestmark = pytest.mark.browser


def test_add_schedule_and_advance_from_the_pipeline(browsing, demo, tmp_path: Path):
    job = Job.objects.get(title="Platform Engineer")
    cv = tmp_path / "Zoe Adler CV.pdf"
    cv.write_bytes(PDF)
    page = browsing.login("hm@demo.test")

    # From the jobs list to the pipeline, then "Add candidate".
    goto(page, "/jobs/")
    page.get_by_role("link", name="Pipeline of Platform Engineer").click()
    page.wait_for_url(f"**/jobs/{job.pk}/pipeline/")
    page.get_by_role("link", name="Add candidate").click()
    shot(page, "add-candidate")
    page.fill("#id_name", "Zoe Adler")
    page.fill("#id_email", "zoe@example.com")
    page.select_option("#id_source", "referral")
    page.set_input_files("#id_cv_file", str(cv))
    expect(page.get_by_label("Platform Engineer")).to_be_checked()  # from the pipeline
    with page.expect_navigation():
        page.locator("#add-candidate").click()
    app = Application.objects.get(candidate__email="zoe@example.com", job=job)
    assert page.url.endswith(f"/applications/{app.pk}/")
    expect(page.locator("#stage")).to_have_text("Applied")
    expect(page.get_by_role("link", name="Download the CV (PDF)")).to_be_visible()

    # Into round 1 in one step, which offers the round-1 interview at once.
    with page.expect_navigation():
        page.locator("#advance").click()
    expect(page.locator("h1")).to_have_text("Schedule Round 1 with Zoe Adler")
    # A working day with nothing else booked, so that no clash or out-of-hours warning
    # (tested in tests/pipeline/test_schedule_warnings.py) stops the booking.
    day = next_weekday(timezone.now() + timedelta(days=60)).isoformat()
    page.fill("#id_date", day)
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "11:00")
    page.fill("#id_location", "Room 3")
    expect(page.get_by_label("Ana Ruiz", exact=False)).to_be_checked()
    with page.expect_navigation():
        page.locator("#save-interview").click()
    expect(page.locator(".messages")).to_contain_text("Round 1 with Zoe Adler scheduled")
    assert app.interviews.get().round.number == 1
    shot(page, "application-scheduled")

    # Advance to round 2 from the pipeline.
    goto(page, f"/jobs/{job.pk}/pipeline/")
    row = page.locator(".pipeline-row", has_text="Zoe Adler")
    expect(row).to_contain_text("interview")
    shot(page, "pipeline")
    with page.expect_navigation():
        row.get_by_role("button", name="Advance to Round 2").click()
    expect(page.locator(".messages")).to_contain_text("Zoe Adler moved to Round 2")
    expect(page.locator("h1")).to_have_text("Schedule Round 2 with Zoe Adler")
    shot(page, "schedule-round-2")
    app.refresh_from_db()
    assert app.stage == "round_2" and app.current_round.number == 2
    # "Not now" goes back to the pipeline, where Zoe now shows in round 2.
    with page.expect_navigation():
        page.get_by_role("link", name="Not now").click()
    expect(page.locator("section", has=page.locator("h2", has_text="Round 2"))).to_contain_text(
        "Zoe Adler"
    )


def test_the_pipeline_fits_a_phone(browsing, demo):
    job = Job.objects.get(title="Senior Data Engineer")
    page = browsing.login("hm@demo.test", viewport=PHONE)
    goto(page, f"/jobs/{job.pk}/pipeline/")
    expect(page.locator("h1")).to_have_text("Senior Data Engineer")
    expect(page.get_by_role("link", name="Finalist (3)")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "pipeline-phone")
