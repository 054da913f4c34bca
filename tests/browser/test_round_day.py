"""Scheduling a round-2 day in a real browser: from the candidate's page, pick the day and
the panels, see the clash with Ana's interview with Dana, confirm, and the day is scheduled.

Demo facts relied on (secondround/demo/seed.py): Dana Kim's round 2 with Ana and Chen is
still ahead; the Senior Data Engineer round-2 panel is Ana and Chen; the admin's time zone is
Europe/Berlin.
"""

from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import expect

from secondround.hiring.models import Application, Interview
from tests.browser.conftest import goto, shot

pytestmark = pytest.mark.browser


def test_schedule_a_round_two_day_and_see_the_conflict(browsing, demo):
    dana_r2 = Interview.objects.get(application__candidate__name="Dana Kim", round__number=2)
    luis = Application.objects.get(candidate__name="Luis Ortega")
    before = Interview.objects.filter(application=luis).count()
    local = dana_r2.starts_at.astimezone(ZoneInfo("Europe/Berlin"))

    page = browsing.login("admin@demo.test")
    goto(page, f"/applications/{luis.pk}/")
    page.get_by_role("link", name="Schedule a day of interviews").click()
    page.wait_for_url(f"**/applications/{luis.pk}/schedule-day/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Luis's round 2 day")

    page.fill("#id_date", local.date().isoformat())
    page.fill("#id_start", local.strftime("%H:%M"))
    page.fill("#id_timezone", "Europe/Berlin")
    slots = page.locator("fieldset.slot")
    slots.nth(0).get_by_label("Ana Ruiz").check()
    slots.nth(1).get_by_label("Chen Li").check()
    page.fill("#id_slot3_minutes", "")
    page.locator("#review-day").click()

    review = page.locator("#review")
    expect(review).to_contain_text(
        f"Ana Ruiz already has an interview then: Dana Kim, {dana_r2.round.name}"
    )
    shot(page, "round-day-review")
    assert Interview.objects.filter(application=luis).count() == before  # nothing yet

    mail.outbox.clear()
    page.locator("#confirm-day").click()
    page.wait_for_url(f"**/applications/{luis.pk}/")
    expect(page.locator(".messages")).to_contain_text("2 interviews scheduled for Luis Ortega")
    new = Interview.objects.filter(application=luis).order_by("-pk")[:2]
    assert sorted(p.display_name for i in new for p in i.interviewers.all()) == [
        "Ana Ruiz",
        "Chen Li",
    ]
    # the live server commits for real: every invitation went out (panel and candidate)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients.count(luis.candidate.email) == 2
    assert "ana@demo.test" in recipients and "chen@demo.test" in recipients
