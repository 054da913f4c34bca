"""Write functions: each one audits, refuses bad input in plain words, and keeps history."""

import pytest

from secondround.accounts.actions import do_add_member
from secondround.audit.models import AuditEvent
from secondround.concerns import actions as concerns
from secondround.decisions import actions as decisions
from secondround.decisions.models import DecisionStatus, Verdict
from secondround.errors import ActionError, NotAllowed
from secondround.hiring import actions as hiring
from secondround.scorecards import actions as scorecards
from secondround.scorecards.models import ScorecardVersion
from tests.conftest import fill_scorecard


def actions_since(mark: int) -> list[str]:
    events = AuditEvent.objects.filter(pk__gt=mark).order_by("pk")
    return list(events.values_list("action", flat=True))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_cast_setup_audited_every_write(cast):
    recorded = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "organisation.created",
        "member.added",
        "job.created",
        "competency.saved",
        "round.saved",
        "candidate.added",
        "application.created",
        "interview.scheduled",
    } <= recorded


def test_each_write_function_records_its_audit_event(cast):
    mark = last_event_id()
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    concern = concerns.do_raise_concern(
        cast.ivy, cast.dana_app, type="skill_gap", title="Depth", blocking=True, scorecard=card
    )
    concerns.do_assign_concern(cast.harry, concern, cast.ian)
    concerns.do_share_concern(cast.harry, concern, True)
    concerns.do_resolve_concern(
        cast.ian, concern, "resolved", "Deep answer on streaming.", interview=cast.dana_r1
    )
    hiring.do_set_stage(cast.alice, cast.dana_app, "round_2")
    hiring.do_update_job(cast.alice, cast.job, department="Data")
    hiring.do_save_question(cast.alice, topic="Problem solving", text="Tell me about a bug.")
    scorecards.do_record_feedback_view(cast.ivy, cast.dana_app)
    rating = card.ratings.first()
    scorecards.do_edit_submitted(
        cast.ivy,
        card,
        "Misread my notes.",
        [scorecards.RatingInput(rating.competency_id, 2, "Second look")],
        "yes",
    )
    decision = decisions.do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Good.",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="The panel writes up later.",
    )
    decisions.do_give_verdict(cast.vera, decision, "approved", "Agreed.")
    assert actions_since(mark) == [
        "scorecard.draft_created",
        "scorecard.submitted",
        "concern.raised",
        "concern.assigned",
        "concern.shared",
        "concern.closed",
        "application.stage",
        "job.updated",
        "question.saved",
        "feedback.first_seen",
        "scorecard.edited",
        "decision.proposed",
        "decision.approved",
        "decision.settled",
    ]
    event = AuditEvent.objects.get(action="scorecard.edited")
    assert event.actor == cast.ivy and event.target_id == card.pk
    assert event.data["after_seeing_feedback"] is True


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda c: hiring.do_create_job(c.alice, title="  "), "title"),
        (lambda c: hiring.do_create_job(c.alice, title="X", scale_min=4, scale_max=4), "scale_max"),
        (lambda c: hiring.do_create_job(c.alice, title="Data Engineer"), "title"),
        (
            lambda c: hiring.do_save_competency(c.alice, c.job, name="Grit", weight=0),
            "weight",
        ),
        (lambda c: hiring.do_add_candidate(c.alice, name="Kim", email="nope"), "email"),
        (
            lambda c: hiring.do_schedule_interview(
                c.alice,
                c.dana_app,
                c.round1,
                starts_at=c.dana_r1.ends_at,
                ends_at=c.dana_r1.starts_at,
                interviewers=[c.ivy],
            ),
            "ends_at",
        ),
        (
            lambda c: do_add_member(
                None, c.acme, email="x@acme.test", display_name="X", roles={"wizard"}
            ),
            "roles",
        ),
        (
            lambda c: concerns.do_raise_concern(c.ivy, c.dana_app, type="vibes", title="Hmm"),
            "type",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(cast, call, field):
    mark = last_event_id()
    with pytest.raises(ActionError) as error:
        call(cast)
    assert error.value.field == field and error.value.message
    assert actions_since(mark) == []  # nothing half-written, nothing audited


def test_outsiders_are_not_allowed(cast):
    with pytest.raises(NotAllowed):
        fill_scorecard(cast.nora, cast.dana_r1)  # not on this interview
    with pytest.raises(NotAllowed):
        hiring.do_create_job(cast.ivy, title="Sneaky")  # interviewers do not set up jobs
    with pytest.raises(NotAllowed):
        concerns.do_raise_concern(cast.oscar, cast.dana_app, type="other", title="Other org")


def test_submitting_twice_is_harmless(cast):
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    again = scorecards.do_submit_scorecard(cast.ivy, cast.dana_r1)
    assert again.pk == card.pk and again.version == 1
    assert ScorecardVersion.objects.filter(scorecard=card).count() == 1
    assert AuditEvent.objects.filter(action="scorecard.submitted", target_id=card.pk).count() == 1


def test_submit_refuses_an_incomplete_scorecard(cast):
    scorecards.do_save_draft(cast.ivy, cast.dana_r1, [], recommendation="")
    with pytest.raises(ActionError, match="Still missing"):
        scorecards.do_submit_scorecard(cast.ivy, cast.dana_r1)


def test_extreme_rating_without_evidence_cannot_be_submitted(cast):
    ratings = [scorecards.RatingInput(c.pk, 4, "") for c in cast.round1.focus_competencies.all()]
    scorecards.do_save_draft(cast.ivy, cast.dana_r1, ratings, recommendation="yes")
    with pytest.raises(ActionError, match="evidence for the 4"):
        scorecards.do_submit_scorecard(cast.ivy, cast.dana_r1)


def test_editing_a_submitted_scorecard_keeps_every_version_and_needs_a_reason(cast):
    card = fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    rating = card.ratings.first()
    change = [scorecards.RatingInput(rating.competency_id, 2, "On reflection, weaker.")]
    with pytest.raises(ActionError) as error:
        scorecards.do_edit_submitted(cast.ivy, card, "   ", change, "no")
    assert error.value.field == "reason"
    with pytest.raises(ActionError):
        scorecards.do_save_draft(cast.ivy, cast.dana_r1, change, "no")  # no silent overwrite
    with pytest.raises(NotAllowed):
        scorecards.do_edit_submitted(cast.ian, card, "Not mine", change, "no")
    scorecards.do_edit_submitted(cast.ivy, card, "Re-read my notes.", change, "no")
    versions = list(ScorecardVersion.objects.filter(scorecard=card).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].data["recommendation"] == "yes"
    assert versions[0].data["ratings"][rating.competency.name]["value"] == 3
    assert versions[1].data["ratings"][rating.competency.name]["value"] == 2
    assert versions[1].reason == "Re-read my notes."


def test_open_blocking_concern_holds_the_decision_unless_overridden(cast):
    concern = concerns.do_raise_concern(
        cast.ivy, cast.dana_app, type="skill_gap", title="Streaming depth", blocking=True
    )
    proposal = dict(
        outcome="hire",
        summary="Strong.",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="The panel writes up later.",
    )
    with pytest.raises(ActionError) as error:
        decisions.do_propose_decision(cast.harry, cast.dana_app, **proposal)
    assert "Streaming depth" in error.value.message and error.value.field == "override_reason"
    decision = decisions.do_propose_decision(
        cast.harry, cast.dana_app, override_reason="Reference check covers it.", **proposal
    )
    assert decision.overridden_concerns == [concern.pk]
    assert decision.override_reason == "Reference check covers it."
    assert AuditEvent.objects.filter(action="decision.override", target_id=decision.pk).exists()


def test_advisory_approvers_chain_runs_in_order_keeps_dissent_and_the_last_settles(cast):
    # With advisory approvers (a DecisionPolicy choice) a rejection passes the decision on;
    # the default, where it stops the decision, is in tests/decision_integrity.
    decisions.do_set_decision_policy(cast.alice, approvers_advisory=True)
    decision = decisions.do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong.",
        rationale={},
        approvers=[cast.vera, cast.victor],
        incomplete_reason="The panel writes up later.",
    )
    with pytest.raises(NotAllowed):
        decisions.do_give_verdict(cast.victor, decision, "approved", "Jumping the queue.")
    with pytest.raises(ActionError):
        decisions.do_give_verdict(cast.vera, decision, "rejected", "  ")
    decisions.do_give_verdict(cast.vera, decision, "rejected", "Not convinced on depth.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PENDING  # a rejection is dissent, not the end
    assert [s.approver for s in decision.dissent] == [cast.vera]
    decisions.do_give_verdict(cast.victor, decision, "approved", "Evidence is strong.")
    decision.refresh_from_db()
    cast.dana_app.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED and decision.decided_at is not None
    assert cast.dana_app.stage == "hired"
    assert [s.verdict for s in decision.steps.all()] == [Verdict.REJECTED, Verdict.APPROVED]
    with pytest.raises(ActionError):
        decisions.do_give_verdict(cast.victor, decision, "rejected", "Changed my mind.")


def test_a_rejection_by_the_last_approver_rejects_the_decision(cast):
    decision = decisions.do_propose_decision(
        cast.harry,
        cast.luis_app,
        outcome="hire",
        summary="Maybe.",
        rationale={},
        approvers=[cast.vera, cast.victor],
        incomplete_reason="The panel writes up later.",
    )
    decisions.do_give_verdict(cast.vera, decision, "approved", "Fine by me.")
    decisions.do_give_verdict(cast.victor, decision, "rejected", "Budget is frozen.")
    decision.refresh_from_db()
    cast.luis_app.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED
    assert cast.luis_app.stage == "decision"  # nobody was hired or turned down by it
