"""By default any rejection stops the decision and sends it back to the hiring manager; an
organisation may choose advisory approvers instead (an admin sets it on its page)."""

import pytest
from django.urls import reverse

from secondround.decisions.actions import do_give_verdict, do_set_decision_policy
from secondround.decisions.models import DecisionPolicy, DecisionStatus, Verdict
from secondround.errors import ActionError, NotAllowed
from tests.conftest import login
from tests.decision_integrity.conftest import propose


def test_a_rejection_stops_the_decision_there(cast, round_one_in):
    decision = propose(cast)
    do_give_verdict(cast.vera, decision, "rejected", "The budget is not signed off.")
    decision.refresh_from_db()
    cast.dana_app.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED and decision.decided_at is not None
    assert [s.verdict for s in decision.steps.all()] == [Verdict.REJECTED, Verdict.WAITING]
    assert cast.dana_app.stage == "decision"  # nobody was hired or turned down by it
    with pytest.raises(ActionError, match="no longer awaiting approval"):
        do_give_verdict(cast.victor, decision, "approved", "Too late to matter.")


def test_the_page_says_it_was_sent_back_and_offers_the_revision(client, cast, round_one_in):
    decision = propose(cast)
    login(client, cast.vera)
    response = client.post(
        reverse("give_verdict", args=[decision.pk]),
        {"verdict": "rejected", "rationale": "The budget is not signed off."},
    )
    assert response.status_code == 302
    page = client.get(reverse("decision", args=[decision.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rejected: sent back" in html and "Vera rejected it" in html
    assert "Not asked (the decision was rejected: sent back)" in html  # Victor
    assert 'id="revise-decision"' not in html  # Vera is not the hiring manager
    harry = login(client, cast.harry).get(reverse("decision", args=[decision.pk]))
    assert harry.status_code == 200 and 'id="revise-decision"' in harry.content.decode()


def test_advisory_approvers_pass_the_decision_on(cast, round_one_in):
    do_set_decision_policy(cast.alice, approvers_advisory=True)
    decision = propose(cast)
    do_give_verdict(cast.vera, decision, "rejected", "The budget is not signed off.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PENDING  # dissent on record, and on it goes
    assert [s.approver for s in decision.dissent] == [cast.vera]
    do_give_verdict(cast.victor, decision, "approved", "Budget found.")
    decision.refresh_from_db()
    cast.dana_app.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED and cast.dana_app.stage == "hired"


def test_advisory_last_rejection_still_rejects(cast, round_one_in):
    do_set_decision_policy(cast.alice, approvers_advisory=True)
    decision = propose(cast)
    do_give_verdict(cast.vera, decision, "approved", "Yes.")
    do_give_verdict(cast.victor, decision, "rejected", "No budget.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED


@pytest.mark.parametrize(
    "who, status",
    [("alice", 200), ("harry", 403), ("ivy", 403), ("vera", 403), ("oscar", 200)],
)
def test_only_an_admin_sets_the_policy_of_their_own_organisation(client, cast, who, status):
    member = getattr(cast, who)
    assert login(client, member).get(reverse("approval_policy")).status_code == status
    response = client.post(reverse("approval_policy"), {"approvers_advisory": "1"})
    assert response.status_code == (302 if status == 200 else 403)
    advisory = set(
        DecisionPolicy.objects.filter(approvers_advisory=True).values_list(
            "organisation_id", flat=True
        )
    )
    assert advisory == ({member.organisation_id} if status == 200 else set())


def test_the_policy_form_saves_and_shows_the_choice(client, cast):
    login(client, cast.alice)
    page = client.get(reverse("approval_policy"))
    assert "approvers <strong>decide</strong>" in page.content.decode()
    bad = client.post(reverse("approval_policy"), {"approvers_advisory": "maybe"})
    assert bad.status_code == 422
    client.post(reverse("approval_policy"), {"approvers_advisory": "1"})
    page = client.get(reverse("approval_policy"))
    assert page.status_code == 200 and "approvers <strong>advise</strong>" in page.content.decode()
    with pytest.raises(NotAllowed):
        do_set_decision_policy(cast.harry, approvers_advisory=False)
