"""The candidate's journey through the prep portal, in a real browser at phone width, then
the interviewer's kit showing what the candidate sent.

Demo facts relied on (secondround/demo/seed.py, secondround/portal/demo.py): Dana Kim's
round 2 with Ana Ruiz (Staff Engineer, with an introduction) and Chen Li is still ahead and
assesses Collaboration (a values competency); Ben's blocking concern "Depth in streaming
pipelines" is shared with Dana in candidate wording; the organisation has a values page.
Every portal page visited is checked with axe-core (WCAG 2.1 A/AA) and for sideways scroll.
"""

from pathlib import Path

import pytest
import vobject
from playwright.sync_api import expect

from secondround.accounts.models import Organisation
from secondround.hiring.models import Interview
from secondround.portal.demo import SHARED_WORDING, demo_portal_link
from tests.browser.conftest import PHONE, axe_violations, goto, scroll_width, shot

pytestmark = pytest.mark.browser

ANSWER = "Our Kafka consumers lost events after a rebalance; we moved to idempotent writes."
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CONCERN = "Depth in streaming pipelines"


def accessible_and_narrow(page, name: str):
    """No axe-core violation, and nothing wider than the 390 px phone."""
    # axe-core is loaded on every page of a Browsing context (an init script, which the
    # Content-Security-Policy does not block, unlike an injected <script> tag).
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"
    assert scroll_width(page) <= PHONE["width"], f"{name} scrolls sideways"
    shot(page, f"portal-{name}")


def test_candidate_journey_then_the_kit(browsing, demo):
    _, path = demo_portal_link(Organisation.objects.get(slug="acme-robotics"))
    interview = Interview.objects.get(
        application__candidate__name="Dana Kim", round__number=2, status="scheduled"
    )
    page = browsing.new_page(PHONE)

    # Open the link: the round's purpose and the people.
    response = goto(page, path)
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Dana")
    round_card = page.locator("article.round", has_text="Round 2")
    expect(round_card).to_contain_text("how you like to work with a team")
    expect(round_card).to_contain_text("Ana Ruiz, Staff Engineer")
    expect(round_card).to_contain_text("pipelines that fail loudly")  # her introduction
    expect(round_card).to_contain_text("Collaboration")
    assert "@demo.test" not in page.content()
    accessible_and_narrow(page, "home")

    # The values page, linked from a round that assesses values.
    round_card.get_by_role("link", name="How we work").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How we work")
    accessible_and_narrow(page, "values")
    page.go_back()

    # Download the .ics.
    with page.expect_download() as download:
        round_card.get_by_role("link", name="Add to calendar (.ics)").click()
    event = vobject.readOne(Path(download.value.path()).read_text()).vevent
    assert event.dtstart.value == interview.starts_at

    # Answer the shared concern, in the team's candidate wording (never the internal title).
    assert CONCERN not in page.content()
    topic = page.locator(".topic", has_text=SHARED_WORDING)
    topic.get_by_role("link", name="Write a note").click()
    # Wait for the new page before axe runs: axe on a document mid-navigation throws.
    expect(page.get_by_label("Your answer")).to_be_visible()
    accessible_and_narrow(page, "answer")
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Send your note").click()
    expect(page.locator(".messages")).to_contain_text("the panel will read your note")
    expect(page.locator(".topic .answer")).to_contain_text(ANSWER)

    # Upload a document.
    page.get_by_role("link", name="Upload a document").click()
    expect(page.get_by_label("Document")).to_be_visible()
    accessible_and_narrow(page, "documents")
    page.get_by_label("Document").set_input_files(
        files=[{"name": "portfolio.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messages")).to_contain_text("Your document was uploaded")
    expect(page.locator("main")).to_contain_text("portfolio.pdf")

    # Ask to reschedule.
    page.get_by_role("link", name="Ask to reschedule").click()
    expect(page.get_by_label("Which days and times suit you?")).to_be_visible()
    accessible_and_narrow(page, "reschedule")
    page.get_by_label("Which days and times suit you?").fill("Any morning next week")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".messages")).to_contain_text("Your request was sent")
    accessible_and_narrow(page, "home-after")

    # The interviewer's kit: the answer next to the concern, and the document.
    ana = browsing.login("ana@demo.test")
    goto(ana, f"/interviews/{interview.pk}/kit/")
    concern = ana.locator("article.concern", has_text=CONCERN)
    expect(concern).to_contain_text(ANSWER)
    document = ana.get_by_role("link", name="portfolio.pdf")
    expect(document).to_be_visible()
    with ana.expect_download() as download:
        document.click()
    assert Path(download.value.path()).read_bytes() == PDF
    shot(ana, "portal-kit-with-answer")

    # The hiring team's portal pages pass axe-core too, and show what Dana sent.
    hm = browsing.login("hm@demo.test")
    application = interview.application
    goto(hm, f"/applications/{application.pk}/")
    expect(hm.locator(".portal-activity")).to_contain_text("Any morning next week")
    team_pages = [
        f"/candidates/{application.candidate_id}/portal/",
        f"/applications/{application.pk}/shared-topics/",
        "/me/introduction/",
    ]
    for path in team_pages:
        goto(hm, path)
        assert axe_violations(hm) == [], path
    expect(hm.locator("main")).to_contain_text("Candidates you will meet see your name")
    admin = browsing.login("admin@demo.test")
    goto(admin, "/portal/values/")
    expect(admin.get_by_label("How we work")).to_contain_text("We build robots")
    assert axe_violations(admin) == []
