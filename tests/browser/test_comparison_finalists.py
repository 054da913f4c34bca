"""What the hiring manager reads on the finalist comparison beside the numbers: full names,
a count of finalists still in the running, each one's open concerns and recommendation tally,
and no "Propose decision" for a candidate whose decision is already awaiting approval."""

import re

import pytest
from playwright.sync_api import expect

from secondround.accounts.models import Member
from secondround.decisions.actions import do_propose_decision
from secondround.hiring.models import Application
from tests.browser.conftest import goto, shot
from tests.browser.test_comparison import finalist_job

pytestmark = pytest.mark.browser


def test_comparison_names_counts_and_pending_decisions(browsing, demo):
    job, _ = finalist_job()
    finalists = list(
        Application.objects.filter(job=job, stage="finalist").select_related("candidate")
    )
    hm = Member.objects.get(user__email="hm@demo.test")
    vp = Member.objects.get(user__email="vp@demo.test")
    pending = finalists[0]
    do_propose_decision(
        hm,
        pending,
        outcome="hire",
        summary="The strongest on the evidence.",
        rationale={},
        approvers=[vp],
        override_reason="Discussed with the panel.",
        incomplete_reason="Discussed with the panel.",
    )

    page = browsing.login("hm@demo.test")
    goto(page, f"/jobs/{job.pk}/compare/")
    expect(page.locator("#finalist-count")).to_have_text(re.compile(r"· 3 finalists"))
    rows = page.locator("ul.pbest > li")
    for application in finalists:
        full_name = application.candidate.name
        row = rows.filter(has_text=full_name)
        expect(row.get_by_role("link", name=full_name)).to_be_visible()
        card = page.locator(f"#facts-{application.pk}")
        expect(card).to_contain_text("Recommendations:")
        expect(card.get_by_role("heading", name=full_name)).to_be_visible()
        propose = row.get_by_role("link", name="Propose decision")
        if application == pending:
            expect(propose).to_have_count(0)
            expect(row.get_by_role("link", name="Decision awaiting approval")).to_be_visible()
        else:
            expect(propose).to_be_visible()
    # The weights: raw next to weighted, for each finalist the engine weighed.
    expect(page.locator("#weights-h")).to_be_visible()
    shot(page, "compare-finalist-facts")
