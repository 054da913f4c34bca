"""Scheduling a round-2 day in a real browser: from the candidate's page, pick the day and
the panels, see the clash with Ana's interview with Dana, confirm, and the day is scheduled.

Demo facts relied on (secondround/demo/seed.py): Dana Kim's round 2 with Ana and Chen is
still ahead; the Senior Data Engineer round-2 panel is Ana and Chen; the admin's time zone is
Europe/Berlin.
"""

import re
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


def test_settings_and_delivery_log_in_the_browser(browsing, demo):
    """Ana sets her working hours and makes a calendar feed; the admin reads the e-mails
    recorded for Dana's round 2."""
    dana_r2 = Interview.objects.get(application__candidate__name="Dana Kim", round__number=2)
    ana = browsing.login("ana@demo.test")
    goto(ana, "/")
    ana.get_by_role("link", name="Settings").click()
    ana.wait_for_url("**/settings/")
    ana.fill("#id_start", "08:00")
    ana.locator("#hours-form").get_by_role("button").click()
    expect(ana.locator(".messages")).to_contain_text("Your working hours are saved.")
    ana.locator("#reset-feed").click()
    expect(ana.locator("#feed-url")).to_have_value(re.compile(r"/calendar/.+\.ics$"))
    shot(ana, "settings")

    admin = browsing.login("admin@demo.test")
    goto(admin, f"/interviews/{dana_r2.pk}/kit/")
    admin.get_by_role("link", name="E-mails sent for this interview").click()
    admin.wait_for_url(f"**/interviews/{dana_r2.pk}/deliveries/")
    expect(admin.locator("table.delivery-log")).to_contain_text("ana@demo.test")
    expect(admin.locator("table.delivery-log")).to_contain_text("(candidate)")
    shot(admin, "delivery-log")
