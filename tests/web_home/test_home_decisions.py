"""The hiring manager's decisions to propose or revise."""

from django.urls import reverse

from secondround.decisions.actions import do_propose_decision
from secondround.hiring import actions as hiring
from tests.web_home.conftest import section


def test_a_rejected_proposal_leaves_the_list_once_proposed_again(busy, as_member):
    html = as_member(busy.harry).get(reverse("home")).content.decode()
    assert reverse("decision", args=[busy.sam_decision.pk]) in section(html, "manager-heading")
    do_propose_decision(
        busy.harry,
        busy.apps["Sam Park"],
        outcome="hire",
        summary="With the reference check",
        rationale={},
        approvers=[busy.victor],
    )
    response = as_member(busy.harry).get(reverse("home"))
    assert response.status_code == 200
    part = section(response.content.decode(), "manager-heading")
    assert reverse("decision", args=[busy.sam_decision.pk]) not in part


def test_a_candidate_awaiting_a_decision_offers_propose(busy, as_member):
    hiring.do_set_stage(busy.alice, busy.apps["Tom Berg"], "decision")
    response = as_member(busy.harry).get(reverse("home"))
    assert response.status_code == 200
    part = section(response.content.decode(), "manager-heading")
    assert reverse("propose_decision", args=[busy.apps["Tom Berg"].pk]) in part
    assert "waiting for a round 2 interview" not in part  # Tom left round 2


def test_finalists_count_round_two_candidates_whose_scorecards_are_all_in(cast, as_member):
    """Two candidates whose round 2 is over with every scorecard in are ready to compare;
    one scorecard missing keeps a candidate out."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.conftest import fill_scorecard

    start = timezone.now() - timedelta(days=2)
    interviews = []
    for app in [cast.dana_app, cast.luis_app]:
        hiring.do_set_stage(cast.alice, app, "round_2")
        interviews.append(
            hiring.do_schedule_interview(
                cast.alice,
                app,
                cast.round2,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                interviewers=[cast.ivy, cast.ian],
            )
        )
    for iv in interviews:
        fill_scorecard(cast.ivy, iv)
    fill_scorecard(cast.ian, interviews[0])
    html = as_member(cast.harry).get(reverse("home")).content.decode()
    assert "finalists ready to compare" not in html
    fill_scorecard(cast.ian, interviews[1])
    response = as_member(cast.harry).get(reverse("home"))
    assert response.status_code == 200
    part = section(response.content.decode(), "manager-heading")
    assert "2 finalists ready to compare" in part
    assert reverse("compare", args=[cast.job.pk]) in part


def test_a_request_for_more_evidence_is_to_revise_with_its_concern(busy, as_member):
    from secondround.decisions.actions import do_give_verdict

    do_give_verdict(
        busy.vera,
        busy.mei_decision,
        "more_evidence",
        "A reference from her last manager",
        evidence_kind="reference",
    )
    response = as_member(busy.harry).get(reverse("home"))
    assert response.status_code == 200
    part = section(response.content.decode(), "manager-heading")
    assert reverse("decision", args=[busy.mei_decision.pk]) in part
    assert "Sent back for more evidence" in part
    assert "Concern you own" in part and "Mei Chen" in part  # the request, now a concern
