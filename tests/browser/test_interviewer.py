"""An interviewer's day in a real browser: home, kit, a blind scorecard, keyboard use, a phone.

Demo facts relied on (secondround/demo/seed.py): Ana owns Dana Kim's open BLOCKING concern
"Depth in streaming pipelines", and Dana's round-2 interview with Ana and Chen is still
ahead, so Ana has no scorecard on Dana and Dana's round-1 feedback is blind to her.
"""

import re

import pytest
from playwright.sync_api import expect

from secondround.hiring.models import Interview
from secondround.scorecards.models import Rating
from tests.browser.conftest import PHONE, goto, scroll_width, shot
from tests.conftest import interview_has_started

pytestmark = pytest.mark.browser

BLIND = "Your colleagues' feedback appears after you submit yours"
CONCERN = "Depth in streaming pipelines"


def danas_round_two():
    return Interview.objects.get(
        application__candidate__name="Dana Kim",
        round__number=2,
        interviewers__user__email="ana@demo.test",
    )


def a_colleagues_evidence(interview) -> str:
    """The longest evidence note a colleague wrote on Dana: unique enough to search a page."""
    notes = Rating.objects.filter(
        scorecard__interview__application=interview.application, scorecard__status="submitted"
    ).exclude(scorecard__author__user__email="ana@demo.test")
    return max((r.evidence for r in notes), key=len)


def test_interviewer_submits_a_blind_scorecard(browsing, demo):
    interview = danas_round_two()
    colleague_note = a_colleagues_evidence(interview)
    page = browsing.login("ana@demo.test")

    # Home: Dana's round-2 interview, with its kit one click away.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ana")
    shot(page, "home-interviewer")
    page.get_by_role("link", name="Open kit for Dana Kim").click()
    page.wait_for_url(f"**/interviews/{interview.pk}/kit/")

    # Kit: the concern handed to Ana, the blind sentence, and no colleague's evidence.
    concerns = page.locator("section[aria-labelledby=concerns-heading]")
    concern = concerns.locator("article.concern", has_text=CONCERN)
    expect(concern).to_be_visible()
    expect(concern.locator(".badge.blocking")).to_have_text("Blocking")
    expect(page.locator("#blind-note")).to_contain_text(BLIND)
    assert colleague_note not in page.content()
    shot(page, "kit")

    # Scorecard: rate every focus competency with evidence; the draft saves by itself.
    page.locator("#start-scorecard").click()
    page.wait_for_url(f"**/interviews/{interview.pk}/scorecard/")
    # The interview is still to come: Ana may draft, and the page says from when she may
    # submit. Then time passes, and the interview begins.
    expect(page.locator("#not-yet")).to_contain_text("You can submit from")
    expect(page.locator("#submit-scorecard")).to_be_disabled()
    interview_has_started(interview)
    page.reload()
    expect(page.locator("#not-yet")).to_have_count(0)
    expect(page.locator("#assigned-heading")).to_be_visible()  # the concern to resolve
    focus = set(interview.round.focus_competencies.values_list("pk", flat=True))
    names = page.locator("input[type=radio][name^=rating_]").evaluate_all(
        "els => [...new Set(els.map(e => e.name))]"
    )
    assert {int(n.removeprefix("rating_")) for n in names} == focus
    expect(page.locator("#draft-status")).to_have_text("Not started")
    for pk in sorted(focus):
        page.locator(f"fieldset#competency-{pk} label:has(input[value='3'])").click()
        page.fill(f"#evidence_{pk}", f"Ana's own note {pk}: walked through a Kafka outage.")
    expect(page.locator("#draft-status")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    expect(page.locator("#missing-list")).to_contain_text("an overall recommendation")
    page.locator("input[name=recommendation][value=yes]").check(force=True)
    expect(page.locator("#missing-list")).to_contain_text("Everything needed is filled in")
    shot(page, "scorecard")

    page.locator("#submit-scorecard").click()
    expect(page.locator("#submitted-heading")).to_contain_text("Submitted")
    expect(page.get_by_role("status").first).to_contain_text("Scorecard submitted")

    # Only now does the kit open colleagues' feedback.
    page.get_by_role("link", name="Open the interview kit").click()
    page.wait_for_url(f"**/interviews/{interview.pk}/kit/")
    expect(page.locator("#blind-note")).to_have_count(0)
    expect(page.locator("article.feedback").first).to_be_visible()
    expect(page.get_by_text(colleague_note).first).to_be_visible()
    shot(page, "kit-after-submitting")


def test_scorecard_by_keyboard_alone_and_kit_on_a_phone(browsing, demo):
    interview = danas_round_two()
    page = browsing.login("ana@demo.test")
    goto(page, f"/interviews/{interview.pk}/scorecard/")

    # Tab from the top of the page to the first rating, as a keyboard user would.
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || ''")
        if name.startswith("rating_"):
            break
    else:
        pytest.fail("Tab never reached a rating button on the scorecard")
    focused = page.locator(f"input[name={name}]:focus")
    expect(focused).to_have_count(1)
    # Focus is visible: the focused radio matches :focus-visible and its button is outlined.
    outline = page.evaluate(
        """() => {
          const el = document.activeElement;
          const span = el.nextElementSibling;
          const style = getComputedStyle(span);
          return {visible: el.matches(':focus-visible'), style: style.outlineStyle,
                  width: parseFloat(style.outlineWidth)};
        }"""
    )
    assert outline["visible"] and outline["style"] != "none" and outline["width"] >= 2, outline
    # The focused point's anchor text shows, so the scale is readable without a mouse.
    expect(page.locator(f"input[name={name}]:focus ~ .anchor-text")).to_be_visible()

    page.keyboard.press("Space")
    expect(page.locator(f"input[name={name}]:checked")).to_have_value("1")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"input[name={name}]:checked")).to_have_value("2")
    expect(page.locator("#draft-status")).to_contain_text("Saved")
    shot(page, "scorecard-keyboard")

    # The kit at 390 px: no sideways scrolling.
    phone = browsing.login("ana@demo.test", viewport=PHONE)
    goto(phone, f"/interviews/{interview.pk}/kit/")
    expect(phone.locator("#blind-note")).to_be_visible()
    assert scroll_width(phone) <= PHONE["width"] + 1, "the kit scrolls sideways at 390 px"
    shot(phone, "kit-390px")
