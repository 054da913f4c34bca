"""The decision pages: propose (with the blocking-concern rule), approve along the chain, and
the printable record."""

import pytest
from django.urls import reverse

from secondround.calibration.models import CalibrationSnapshot
from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.decisions.actions import do_give_verdict, do_propose_decision
from secondround.decisions.models import Decision, DecisionStatus, Verdict
from tests.conftest import fill_scorecard, login


def blocking_concern(cast, title="Depth in streaming pipelines"):
    return do_raise_concern(cast.ivy, cast.dana_app, type="skill_gap", title=title, blocking=True)


def proposal(cast, **extra):
    data = {
        "outcome": "hire",
        "summary": "Strongest on problem solving, and the team wants her.",
        f"rationale_{cast.problem.pk}": "Solved the streaming case cleanly.",
        f"rationale_{cast.collab.pk}": "Asked for others' views first.",
        "approver_1": str(cast.vera.pk),
        "approver_2": str(cast.victor.pk),
        "approver_3": "",
        # The cast's scorecards are mostly not written: the missing-scorecard rule has its
        # own tests (tests/decision_integrity).
        "incomplete_reason": "Ivy and Ian are writing theirs up today.",
    }
    data.update(extra)
    return data


def snapshot(cast, score, fingerprint="a"):
    row = {
        "job": str(cast.job.pk),
        "candidate": str(cast.dana_app.pk),
        "score": score,
        "sd": 0.21,
        "p_best": 0.63,
        "competencies": {"Problem solving": {"score": 0.55, "sd": 0.3}},
        "explanation": ["Ian rates 0.5 below his colleagues on average."],
    }
    other = dict(row, candidate=str(cast.luis_app.pk), score=-0.1, p_best=0.37)
    return CalibrationSnapshot.objects.create(
        organisation=cast.acme,
        fingerprint=fingerprint,
        n_ratings=12,
        result={"candidates": [row, other], "interviewers": [], "warnings": []},
    )


def propose(cast, override_reason=""):
    return do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong on every competency.",
        rationale={"Problem solving": "Clear evidence."},
        approvers=[cast.vera, cast.victor],
        override_reason=override_reason,
        incomplete_reason="Ivy and Ian are writing theirs up today.",
    )


URL = "propose_decision"


def test_propose_page_shows_concerns_scores_and_the_form(client, cast):
    concern = blocking_concern(cast)
    snap = snapshot(cast, 0.42)
    response = login(client, cast.harry).get(reverse(URL, args=[cast.dana_app.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Calibration #{snap.pk}" in html
    assert "+0.4 (+0.2 to +0.7)" in html and "63%" in html and "±" not in html
    assert concern.title in html and "Blocking" in html
    assert f'href="/applications/{cast.dana_app.pk}/"' in html
    assert "This decision is blocked" in html and 'name="override_reason"' in html
    for name in (f"rationale_{cast.problem.pk}", f"rationale_{cast.collab.pk}", "approver_3"):
        assert f'name="{name}"' in html
    assert "Collaboration" in html and "Values" in html
    assert 'id="propose-decision"' in html


def test_adjustments_are_explained_with_interviewer_names_not_ids(client, cast):
    snap = snapshot(cast, 0.42)
    row = snap.result["candidates"][0]
    row["explanation"] = [f"{cast.ian.pk} rates 0.50 points below colleagues on average."]
    snap.save()
    response = login(client, cast.harry).get(reverse(URL, args=[cast.dana_app.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ian rates 0.50 points below colleagues" in html
    assert f"{cast.ian.pk} rates" not in html


def test_no_override_box_without_blocking_concerns(client, cast):
    response = login(client, cast.harry).get(reverse(URL, args=[cast.dana_app.pk]))
    assert response.status_code == 200
    assert 'name="override_reason"' not in response.content.decode()
    assert "No open concerns" in response.content.decode()


def test_open_blocking_concern_refuses_the_decision(client, cast):
    blocking_concern(cast)
    response = login(client, cast.harry).post(reverse(URL, args=[cast.dana_app.pk]), proposal(cast))
    assert response.status_code == 422
    assert "Blocked by 1 open blocking concern(s): Depth in streaming pipelines" in (
        response.content.decode()
    )
    assert not Decision.objects.exists()
    # What was typed is kept.
    assert "Solved the streaming case cleanly." in response.content.decode()


def test_resolving_the_concern_lets_the_decision_through(client, cast):
    concern = blocking_concern(cast)
    do_resolve_concern(cast.harry, concern, "resolved", "Walked through a Kafka outage well.")
    response = login(client, cast.harry).post(reverse(URL, args=[cast.dana_app.pk]), proposal(cast))
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decision", args=[decision.pk])
    assert decision.outcome == "hire" and decision.status == DecisionStatus.PENDING
    assert decision.rationale == {
        "Problem solving": "Solved the streaming case cleanly.",
        "Collaboration": "Asked for others' views first.",
    }
    assert [s.approver for s in decision.steps.all()] == [cast.vera, cast.victor]
    assert decision.override_reason == "" and decision.overridden_concerns == []


def test_override_reason_is_recorded_and_shown_on_the_record(client, cast):
    concern = blocking_concern(cast)
    login(client, cast.harry)
    response = client.post(
        reverse(URL, args=[cast.dana_app.pk]),
        proposal(cast, override_reason="The offer expires Friday; we will probe in week one."),
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.override_reason.startswith("The offer expires Friday")
    assert decision.overridden_concerns == [concern.pk]
    record = client.get(reverse("decision_record", args=[decision.pk])).content.decode()
    assert "Override" in record and "The offer expires Friday" in record
    assert "Open when the decision was proposed: overridden" in record


def test_missing_summary_and_approvers_are_reported_by_field(client, cast):
    login(client, cast.harry)
    url = reverse(URL, args=[cast.dana_app.pk])
    response = client.post(url, proposal(cast, summary="  "))
    assert response.status_code == 422
    assert 'id="summary-error"' in response.content.decode()
    response = client.post(url, proposal(cast, approver_1="", approver_2=""))
    assert 'id="approvers-error"' in response.content.decode()
    response = client.post(url, proposal(cast, approver_2=str(cast.vera.pk)))
    assert "only once" in response.content.decode()
    response = client.post(url, proposal(cast, approver_1=str(cast.ivy.pk)))
    assert "not someone who can approve" in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who, status", [("ivy", 403), ("nora", 404), ("oscar", 404)])
def test_only_the_hiring_manager_or_an_admin_proposes(client, cast, who, status):
    login(client, getattr(cast, who))
    url = reverse(URL, args=[cast.dana_app.pk])
    assert client.get(url).status_code == status
    assert client.post(url, proposal(cast)).status_code == status
    assert not Decision.objects.exists()


def test_admin_may_propose(client, cast):
    response = login(client, cast.alice).post(reverse(URL, args=[cast.dana_app.pk]), proposal(cast))
    assert response.status_code == 302


def test_chain_approve_then_reject_settles_as_rejected_with_dissent_on_record(client, cast):
    decision = propose(cast)
    url = reverse("give_verdict", args=[decision.pk])
    login(client, cast.vera)
    page = client.get(reverse("decision", args=[decision.pk])).content.decode()
    assert 'id="give-verdict"' in page
    response = client.post(url, {"verdict": "approved", "rationale": "Evidence is strong."})
    assert response.status_code == 302
    login(client, cast.victor)
    response = client.post(url, {"verdict": "rejected", "rationale": "Budget is not there yet."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED
    page = client.get(reverse("decision", args=[decision.pk])).content.decode()
    assert "Victor disagreed:" in page and "Budget is not there yet." in page
    record = client.get(reverse("decision_record", args=[decision.pk])).content.decode()
    assert '<h2 id="dissent-h">Dissent</h2>' in record
    assert "Victor disagreed" in record and "Budget is not there yet." in record
    assert "Evidence is strong." in record  # the first approver's view stays too


def test_verdict_needs_a_rationale(client, cast):
    decision = propose(cast)
    response = login(client, cast.vera).post(
        reverse("give_verdict", args=[decision.pk]), {"verdict": "approved", "rationale": ""}
    )
    assert response.status_code == 422
    assert 'id="rationale-error"' in response.content.decode()
    assert decision.steps.get(order=1).verdict == Verdict.WAITING


def test_an_approver_whose_turn_it_is_not_gets_no_form_and_is_refused(client, cast):
    decision = propose(cast)
    login(client, cast.victor)
    page = client.get(reverse("decision", args=[decision.pk]))
    assert page.status_code == 200
    assert 'id="give-verdict"' not in page.content.decode()
    assert "Waiting for Vera" in page.content.decode()
    response = client.post(
        reverse("give_verdict", args=[decision.pk]),
        {"verdict": "approved", "rationale": "Jumping the queue."},
    )
    assert response.status_code == 403
    assert decision.steps.get(order=2).verdict == Verdict.WAITING


def test_other_organisation_sees_nothing(client, cast):
    decision = propose(cast)
    login(client, cast.oscar)
    for name in ("decision", "decision_record"):
        assert client.get(reverse(name, args=[decision.pk])).status_code == 404
    approvals = client.get(reverse("approvals")).content.decode()
    assert decision.application.candidate.name not in approvals


def test_approvals_list_shows_whose_turn_it_is(client, cast):
    decision = propose(cast)
    vera_page = login(client, cast.vera).get(reverse("approvals")).content.decode()
    waiting = vera_page.split('id="mine-h"')[1].split("</section>")[0]
    assert "Dana Kim" in waiting
    victor_page = login(client, cast.victor).get(reverse("approvals")).content.decode()
    assert "Dana Kim" not in victor_page.split('id="mine-h"')[1].split("</section>")[0]
    assert "Coming to you after others" in victor_page
    do_give_verdict(cast.vera, decision, "approved", "Good.")
    vera_page = login(client, cast.vera).get(reverse("approvals")).content.decode()
    assert "Nothing is waiting for you" in vera_page
    assert "You approved" in vera_page
    victor_page = login(client, cast.victor).get(reverse("approvals")).content.decode()
    assert "Dana Kim" in victor_page.split('id="mine-h"')[1].split("</section>")[0]
    admin_page = login(client, cast.alice).get(reverse("approvals")).content.decode()
    assert "All decisions awaiting approval" in admin_page and "waiting for Victor" in admin_page


def test_record_shows_scores_at_decision_time_concerns_and_recommendations(client, cast):
    fill_scorecard(cast.ivy, cast.dana_r1, value=4, recommendation="strong_yes")
    fill_scorecard(cast.ian, cast.dana_r1, value=3, recommendation="yes")
    concern = blocking_concern(cast)
    do_resolve_concern(cast.harry, concern, "resolved", "Walked through a Kafka outage well.")
    old = snapshot(cast, 0.42, fingerprint="old")
    decision = propose(cast)
    snapshot(cast, 0.97, fingerprint="new")  # a later run must not change the record
    do_give_verdict(cast.vera, decision, "approved", "Evidence is strong.")
    html = (
        login(client, cast.harry)
        .get(reverse("decision_record", args=[decision.pk]))
        .content.decode()
    )
    assert f"calibration #{old.pk}" in html
    assert "+0.4 (+0.2 to +0.7)" in html and "+1.0" not in html and "±" not in html
    assert "Depth in streaming pipelines" in html and "Walked through a Kafka outage well." in html
    assert "Evidence is strong." in html and "Vera" in html
    assert "Strong yes: 1" in html and "Yes: 1" in html
    assert "Clear evidence." in html
    assert 'id="print-record"' in html and "decisions/record.js" in html


def test_withdraw_needs_a_reason_and_only_the_hiring_team_sees_it(client, cast):
    decision = propose(cast)
    url = reverse("withdraw_decision", args=[decision.pk])
    vera_page = login(client, cast.vera).get(reverse("decision", args=[decision.pk]))
    assert "Withdraw this decision" not in vera_page.content.decode()
    assert client.post(url, {"reason": "No."}).status_code == 403
    login(client, cast.harry)
    assert client.post(url, {"reason": " "}).status_code == 422
    assert client.post(url, {"reason": "The role was frozen."}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.WITHDRAWN
    page = client.get(reverse("decision", args=[decision.pk])).content.decode()
    assert reverse(URL, args=[cast.dana_app.pk]) in page  # a new proposal may start


def test_propose_page_points_to_a_decision_already_under_way(client, cast):
    decision = propose(cast)
    response = login(client, cast.harry).get(reverse(URL, args=[cast.dana_app.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("decision", args=[decision.pk]) in html
    assert 'id="propose-decision"' not in html


def _busy_decision(cast):
    for n in range(3):
        blocking_concern(cast, title=f"Concern {n}")
    fill_scorecard(cast.ivy, cast.dana_r1, recommendation="strong_yes")
    fill_scorecard(cast.ian, cast.dana_r1, recommendation="no")
    snapshot(cast, 0.42)
    decision = propose(cast, override_reason="Time pressure.")
    do_give_verdict(cast.vera, decision, "rejected", "Not convinced.")
    return decision


def test_decision_pages_use_a_bounded_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    decision = _busy_decision(cast)
    login(client, cast.harry)
    client.get(reverse("decision", args=[decision.pk]))  # records the first view, once
    # The page carries the evidence (comparison, tally, panel, concerns): a fixed number of
    # queries, whatever the number of steps, concerns and scorecards.
    with django_assert_max_num_queries(21):
        assert client.get(reverse("decision", args=[decision.pk])).status_code == 200
    # Each first visit also records Harry's first view of the feedback it shows (a few writes,
    # once): count the pages as they are read every other time.
    for page in (
        reverse("decision_record", args=[decision.pk]),
        reverse(URL, args=[cast.luis_app.pk]),
    ):
        client.get(page)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("decision_record", args=[decision.pk])).status_code == 200
    with django_assert_max_num_queries(18):  # panel progress, policy, first-view check
        assert client.get(reverse(URL, args=[cast.luis_app.pk])).status_code == 200
    login(client, cast.alice)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("approvals")).status_code == 200


def test_a_panel_member_who_still_owes_a_scorecard_sees_no_calibrated_score(client, cast):
    # Harry (the hiring manager) joins Dana's panel; until he submits, the scores built from
    # colleagues' ratings stay hidden on the proposal page and on the decision record.
    cast.dana_r1.interviewers.add(cast.harry)
    fill_scorecard(cast.ivy, cast.dana_r1)
    snapshot(cast, 0.42)
    response = login(client, cast.harry).get(reverse(URL, args=[cast.dana_app.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "+0.4 (+0.2 to +0.7)" not in html and "after you submit yours" in html
    fill_scorecard(cast.harry, cast.dana_r1)
    html = client.get(reverse(URL, args=[cast.dana_app.pk])).content.decode()
    assert "+0.4 (+0.2 to +0.7)" in html and "after you submit yours" not in html
