"""The scorecard's autosave numbers its saves, the newest stands, and the submitted
scorecard leads straight to the colleagues' feedback it unlocks (demo: Ana, Dana Kim's
round 2, see test_interviewer.py)."""

import re
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from secondround.scorecards.models import Scorecard
from tests.browser.test_interviewer import a_colleagues_evidence, danas_round_two
from tests.conftest import interview_has_started

pytestmark = pytest.mark.browser


def test_each_autosave_is_numbered_and_the_last_edit_stands(browsing, demo):
    interview = danas_round_two()
    interview_has_started(interview)  # a scorecard is submitted once the interview began
    colleague_note = a_colleagues_evidence(interview)
    page = browsing.login("ana@demo.test")
    sent = []
    page.on(
        "request",
        lambda r: (
            r.url.endswith("/scorecard/draft")
            and sent.append(int(parse_qs(r.post_data)["draft_version"][0]))
        ),
    )
    page.goto(f"/interviews/{interview.pk}/scorecard/")
    focus = sorted(interview.round.focus_competencies.values_list("pk", flat=True))
    for pk in focus:
        page.locator(f"fieldset#competency-{pk} label:has(input[value='3'])").click()
        page.fill(f"#evidence_{pk}", f"Note {pk}")
    # A note typed, then a recommendation clicked at once: the click is the last edit.
    page.fill("#notes", "Typed just before choosing")
    page.locator("input[name=recommendation][value=strong_yes]").check(force=True)
    expect(page.locator("#missing-list")).to_contain_text("Everything needed is filled in")
    expect(page.locator("#draft-status")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    page.wait_for_timeout(1500)  # let the notes field's delayed save fire too
    expect(page.locator("#draft-status")).to_contain_text("Saved")
    assert len(sent) >= 2 and sent == sorted(set(sent)), sent  # strictly increasing
    card = Scorecard.objects.get(interview=interview, author__user__email="ana@demo.test")
    assert card.draft_version == sent[-1]
    assert card.recommendation == "strong_yes"
    assert card.notes == "Typed just before choosing"

    # Submitting unlocks the colleagues' feedback, one click away.
    page.locator("#submit-scorecard").click()
    link = page.get_by_role("link", name="Read colleagues' feedback")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**/interviews/{interview.pk}/kit/#colleagues-feedback")
    expect(page.locator("#colleagues-feedback")).to_be_visible()
    expect(page.locator("article.card.feedback").first).to_be_visible()
    assert colleague_note in page.content()
