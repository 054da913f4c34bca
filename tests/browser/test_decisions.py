"""Decisions in a real browser: an open blocking concern holds a proposal until its owner
closes it, and an approval chain whose last approver rejects leaves dissent on the record.

Demo facts relied on (secondround/demo/seed.py): Dana Kim has an open BLOCKING concern
owned by Ana; Sofia Alvarez's hire awaits approval by Valerie (vp@) and then Carla (cfo@).
"""

import pytest
from playwright.sync_api import expect

from secondround.accounts.models import Member
from secondround.concerns.models import Concern
from secondround.decisions.models import Decision
from secondround.hiring.models import Application, Interview
from tests.browser.conftest import goto, shot
from tests.conftest import interview_has_started

pytestmark = pytest.mark.browser

CONCERN = "Depth in streaming pipelines"


def member(email: str) -> Member:
    return Member.objects.get(user__email=email)


def propose_hire(page, application, approvers, incomplete_reason=""):
    """Fill and send the proposal form; the caller checks what came back."""
    goto(page, f"/applications/{application.pk}/decision/")
    page.locator("input[name=outcome][value=hire]").check()
    page.fill("#summary", "Dana led the strongest round 2, and the panel agreed.")
    for slot, approver in enumerate(approvers, start=1):
        page.select_option(f"#approver_{slot}", str(approver.pk))
    if incomplete_reason:
        page.fill("#incomplete_reason", incomplete_reason)
    with page.expect_navigation():
        page.locator("#propose-decision").click()


def test_blocking_concern_holds_the_decision_until_resolved(browsing, demo):
    dana = Application.objects.get(candidate__name="Dana Kim")
    concern = Concern.objects.get(application=dana, title=CONCERN, blocking=True)
    assert concern.is_open and concern.owner == member("ana@demo.test")
    interview = Interview.objects.get(application=dana, round__number=2)
    approvers = [member("vp@demo.test"), member("cfo@demo.test")]

    # The hiring manager sees the hold on Dana's page, and the proposal is refused.
    hm = browsing.login("hm@demo.test")
    goto(hm, f"/applications/{dana.pk}/")
    expect(hm.locator("#blocking-title")).to_have_text("1 blocking concern open")
    shot(hm, "application")
    hm.locator("nav.page-actions").get_by_role("link", name="Propose decision").click()
    hm.wait_for_url(f"**/applications/{dana.pk}/decision/")
    shot(hm, "propose-decision")
    propose_hire(hm, dana, approvers)
    errors = hm.locator("#form-errors")
    expect(errors).to_contain_text("The decision was not proposed")
    expect(errors).to_contain_text(f"Blocked by 1 open blocking concern(s): {CONCERN}")
    expect(hm.locator(".override")).to_contain_text("This decision is blocked")
    shot(hm, "propose-decision-blocked")
    assert not Decision.objects.filter(application=dana).exists()

    # Ana, who owns the concern, closes it with evidence from her scorecard page: not
    # before her interview has started, since the evidence comes from it.
    ana = browsing.login("ana@demo.test")

    def close_from_scorecard():
        goto(ana, f"/interviews/{interview.pk}/scorecard/")
        card = ana.locator(f"#concern-{concern.pk}")
        expect(card.locator(".badge.blocking")).to_be_visible()
        card.locator("summary", has_text="Resolve").click()
        card.locator("input[name=status][value=resolved]").check()
        card.locator("textarea[name=evidence]").fill(
            "She walked through a Kafka consumer that lost offsets, and how she fixed it."
        )
        card.get_by_role("button", name="Close this concern").click()

    close_from_scorecard()
    expect(ana.locator(f"#concern-{concern.pk} .error")).to_contain_text("has not started yet")
    interview_has_started(interview)  # time passes: the round-2 interview begins
    close_from_scorecard()
    expect(ana.locator(f"#concern-{concern.pk} .badge.ok")).to_have_text("Resolved")

    # The same proposal now goes through, to the first approver, with a reason to decide
    # before the round-2 scorecards are in.
    propose_hire(hm, dana, approvers, incomplete_reason="The offer cannot wait for round 2.")
    expect(hm.get_by_role("heading", level=1)).to_have_text("Hire: Dana Kim")
    expect(hm.locator("p.lead")).to_contain_text("Awaiting approval")
    expect(hm.locator("p.lead")).to_contain_text("Waiting for Valerie Park (step 1 of 2)")
    decision = Decision.objects.get(application=dana)
    assert hm.url.endswith(f"/decisions/{decision.pk}/")
    shot(hm, "decision")
    goto(hm, f"/applications/{dana.pk}/")
    expect(hm.locator("#blocking-title")).to_have_count(0)


def give_verdict(page, decision, verdict: str, rationale: str):
    expect(page.locator("#give-verdict")).to_be_visible()
    page.locator(f"input[name=verdict][value={verdict}]").check()
    page.fill("#rationale", rationale)
    page.locator("#give-verdict").click()
    page.wait_for_url(f"**/decisions/{decision.pk}/")


def test_second_approver_rejects_and_the_record_keeps_the_dissent(browsing, demo):
    decision = Decision.objects.get(status="pending", application__candidate__name="Sofia Alvarez")
    steps = list(decision.steps.select_related("approver__user"))
    assert [s.approver.user.email for s in steps] == ["vp@demo.test", "cfo@demo.test"]
    approve = "Her triage sketch was the best of the loop; the shadowing plan covers the gap."
    reject = "The hire adds a designer before the operator tooling budget is agreed."

    # Valerie, first in the chain, finds it on her approvals page and approves.
    vp = browsing.login("vp@demo.test")
    goto(vp, "/approvals/")
    expect(vp.locator("#mine-h")).to_have_text("Waiting for your verdict")
    shot(vp, "approvals")
    vp.get_by_role("link", name="Review and decide on Sofia Alvarez").click()
    vp.wait_for_url(f"**/decisions/{decision.pk}/")
    shot(vp, "decision-approver")
    give_verdict(vp, decision, "approved", approve)
    expect(vp.locator("p.lead")).to_contain_text("Waiting for Carla Fischer (step 2 of 2)")
    expect(vp.locator("#give-verdict")).to_have_count(0)

    # Carla, last in the chain, rejects: her verdict settles it, and it is dissent.
    cfo = browsing.login("cfo@demo.test")
    cfo.get_by_role("link", name="Review the decision on Sofia Alvarez").click()
    cfo.wait_for_url(f"**/decisions/{decision.pk}/")
    give_verdict(cfo, decision, "rejected", reject)
    expect(cfo.locator("p.lead")).to_contain_text("Rejected")
    expect(cfo.locator("section.dissent")).to_contain_text("Carla Fischer disagreed")

    # The printable record shows both views, and the dissent plainly.
    goto(cfo, f"/decisions/{decision.pk}/record/")
    expect(cfo.get_by_role("heading", level=1)).to_have_text("Decision record: Sofia Alvarez")
    dissent = cfo.locator("section.dissent")
    expect(dissent.get_by_role("heading", name="Dissent")).to_be_visible()
    expect(dissent).to_contain_text("Carla Fischer disagreed")
    expect(dissent).to_contain_text(reject)
    chain = cfo.locator("table.chain-table tbody tr")
    expect(chain.nth(0)).to_contain_text("Valerie Park")
    expect(chain.nth(0)).to_contain_text("Approved")
    expect(chain.nth(0)).to_contain_text(approve)
    expect(chain.nth(1)).to_contain_text("Carla Fischer")
    expect(chain.nth(1)).to_contain_text("Rejected")
    # The proposer's rationale per competency is on the record too.
    expect(cfo.locator("dl.rationale")).to_contain_text("Best triage sketch of the loop.")
    shot(cfo, "decision-record")
