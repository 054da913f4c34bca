"""A decision cannot skip a step, in a real browser: Hannah proposes hiring Dana while the
round-2 interview is still to come. The proposal shows each panel member's status and
warns; going ahead takes a written reason, which the decision page and the printable record
keep. Then Valerie, the approver, finds the evidence on the decision page and asks for more.

Demo facts relied on (secondround/demo/seed.py): Dana Kim's round 2 with Ana and Chen is
later today or tomorrow, unsubmitted, and Dana has an open blocking concern.
"""

import pytest
from playwright.sync_api import expect

from secondround.accounts.models import Member
from secondround.concerns.models import Concern
from secondround.decisions.models import Decision
from secondround.hiring.models import Application
from tests.browser.conftest import goto, shot

pytestmark = pytest.mark.browser

REASON = "The offer deadline is Friday; round 2 can only confirm what round 1 showed."
OVERRIDE = "Ana probes streaming in round 2; the offer is conditional on it."


def test_propose_with_a_missing_scorecard_then_the_approver_asks_for_more(browsing, demo):
    dana = Application.objects.get(candidate__name="Dana Kim")
    vp = Member.objects.get(user__email="vp@demo.test")
    hm = browsing.login("hm@demo.test")
    goto(hm, f"/applications/{dana.pk}/decision/")

    # The panel's status, and the warning, before anything is typed.
    warning = hm.locator("#missing-warning")
    expect(warning).to_contain_text("2 scorecards are not in yet")
    rows = hm.locator("table.panel-progress tbody tr")
    expect(rows.filter(has_text="Chen Li").last).to_contain_text("Interview still to come")
    expect(rows.filter(has_text="Ana Ruiz").last).to_contain_text("Interview still to come")
    shot(hm, "propose-missing-scorecards")

    hm.locator("input[name=outcome][value=hire]").check()
    hm.fill("#summary", "Dana led round 1 on every competency.")
    hm.select_option("#approver_1", str(vp.pk))
    hm.fill("#override_reason", OVERRIDE)
    with hm.expect_navigation():
        hm.locator("#propose-decision").click()
    # Without a reason, it is refused, and what was typed stays.
    expect(hm.locator("#form-errors")).to_contain_text("2 scorecards are not in yet")
    expect(hm.locator("#incomplete-error")).to_contain_text("give a written reason")
    expect(hm.locator("#summary")).to_have_value("Dana led round 1 on every competency.")
    assert not Decision.objects.filter(application=dana).exists()

    hm.fill("#incomplete_reason", REASON)
    with hm.expect_navigation():
        hm.locator("#propose-decision").click()
    decision = Decision.objects.get(application=dana)
    assert hm.url.endswith(f"/decisions/{decision.pk}/")
    section = hm.locator(".incomplete-record")
    expect(section).to_contain_text("Not in when proposed: Ana Ruiz (Round 2), Chen Li (Round 2)")
    expect(section).to_contain_text(REASON)
    shot(hm, "decision-proposed-with-reason")
    goto(hm, f"/decisions/{decision.pk}/record/")
    expect(hm.locator(".incomplete-record")).to_contain_text(REASON)

    # Valerie reads the evidence on the decision page and asks for a work sample.
    valerie = browsing.login("vp@demo.test")
    goto(valerie, f"/decisions/{decision.pk}/")
    evidence = valerie.locator("section.decision-evidence")
    expect(evidence.locator("#calibrated-score")).to_contain_text("calibrated score")
    expect(evidence.locator(".missing-scorecards")).to_contain_text("Chen Li")
    expect(evidence).to_contain_text("Depth in streaming pipelines")
    shot(valerie, "decision-evidence")
    valerie.locator("input[name=verdict][value=more_evidence]").check()
    valerie.select_option("#evidence_kind", "work_sample")
    valerie.fill("#rationale", "A take-home on late-arriving events, reviewed by Ana.")
    with valerie.expect_navigation():
        valerie.locator("#give-verdict").click()
    expect(valerie.locator("p.lead")).to_contain_text("Sent back for more evidence")
    expect(valerie.locator(".evidence-requests")).to_contain_text("asked for a work sample")
    request = Concern.objects.get(application=dana, type="evidence_request")
    assert request.owner.user.email == "hm@demo.test" and request.blocking

    # Hannah sees it sent back, with the way to revise it.
    goto(hm, f"/decisions/{decision.pk}/")
    expect(hm.locator("#revise-decision")).to_be_visible()
    hm.locator("#revise-decision").click()
    hm.wait_for_url(f"**/applications/{dana.pk}/decision/")
    expect(hm.get_by_role("heading", level=1)).to_have_text("Revise the decision for Dana Kim")
    expect(hm.locator("#summary")).to_have_value("Dana led round 1 on every competency.")
    shot(hm, "revise-decision")


def test_an_unowned_concern_gets_an_owner_from_the_jobs_concern_list(browsing, demo):
    concern = Concern.objects.get(title="Vague about how he tests infrastructure changes")
    assert concern.owner is None
    job = concern.application.job
    hm = browsing.login("hm@demo.test")
    goto(hm, f"/jobs/{job.pk}/concerns/")
    hm.select_option("#id_owner", "nobody")
    with hm.expect_navigation():
        hm.get_by_role("button", name="Filter").click()
    row = hm.locator(f"#concern-{concern.pk}")
    expect(row).to_contain_text("Nobody owns it yet")
    shot(hm, "job-concerns-unowned")
    row.get_by_role("link", name="Give it an owner").click()
    hm.wait_for_url(f"**/concerns/{concern.pk}/owner/?from=job")
    panel = hm.locator("#id_owner optgroup").first
    expect(panel).to_have_attribute("label", "This job's panel")
    raj = Member.objects.get(user__email="raj@demo.test")
    hm.select_option("#id_owner", str(raj.pk))
    with hm.expect_navigation():
        hm.locator("#save-owner").click()
    assert hm.url.endswith(f"/jobs/{job.pk}/concerns/")
    expect(hm.get_by_role("status").first).to_contain_text("Raj Singh now owns")
    expect(hm.locator(f"#concern-{concern.pk}")).to_contain_text("Raj Singh")
    concern.refresh_from_db()
    assert concern.owner == raj
