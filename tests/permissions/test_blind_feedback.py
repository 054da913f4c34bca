"""Blind feedback: nobody sees colleagues' ratings of a candidate before submitting their own.

Each check goes through `sees`, which asks both the queryset and the rules predicate and fails
if they disagree.
"""

from datetime import UTC, datetime, timedelta

import pytest

from secondround.decisions.actions import do_propose_decision
from secondround.hiring.actions import do_schedule_interview
from secondround.hiring.models import Interview, InterviewStatus
from secondround.scorecards.actions import do_submit_scorecard
from secondround.scorecards.models import Rating, Scorecard, ScorecardVersion
from tests.conftest import fill_scorecard


def sees(member, obj) -> bool:
    model = type(obj)
    in_queryset = model.objects.visible_to(member).filter(pk=obj.pk).exists()
    perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    assert member.user.has_perm(perm, model.objects.get(pk=obj.pk)) is in_queryset, perm
    return in_queryset


def round2_for_dana(cast, interviewers):
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    return do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=interviewers,
    )


def test_before_submitting_ivy_sees_only_her_own_draft(cast):
    ian_card = fill_scorecard(cast.ian, cast.dana_r1, value=4)
    ivy_draft = fill_scorecard(cast.ivy, cast.dana_r1, value=2, submit=False)
    assert sees(cast.ivy, ivy_draft)
    assert not sees(cast.ivy, ian_card)
    assert not sees(cast.ivy, ian_card.ratings.first())
    assert not sees(cast.ivy, ian_card.versions.get())
    visible = Scorecard.objects.visible_to(cast.ivy).filter(interview=cast.dana_r1)
    assert list(visible) == [ivy_draft]
    assert set(Rating.objects.visible_to(cast.ivy)) == set(ivy_draft.ratings.all())
    # Her draft is hers alone: not the co-interviewer's, not even an admin's or the manager's.
    for other in (cast.ian, cast.alice, cast.harry):
        assert not sees(other, ivy_draft)


def test_after_submitting_ivy_sees_ians_card_but_never_his_draft(cast):
    ian_card = fill_scorecard(cast.ian, cast.dana_r1, value=4)
    ian_draft_on_luis = fill_scorecard(cast.ian, cast.luis_r1, submit=False)
    ivy_card = fill_scorecard(cast.ivy, cast.dana_r1, value=2)
    assert sees(cast.ivy, ian_card)
    assert sees(cast.ivy, ian_card.ratings.first())
    assert sees(cast.ivy, ian_card.versions.get())
    assert sees(cast.ian, ivy_card)  # ian has submitted too
    fill_scorecard(cast.ivy, cast.luis_r1)  # ivy unblinded on luis as well ...
    assert not sees(cast.ivy, ian_draft_on_luis)  # ... but a draft is never shown


def test_blindness_is_per_candidate(cast):
    ian_on_luis = fill_scorecard(cast.ian, cast.luis_r1)
    fill_scorecard(cast.ivy, cast.dana_r1)  # ivy has submitted for dana, not for luis
    assert not sees(cast.ivy, ian_on_luis)
    fill_scorecard(cast.ivy, cast.luis_r1)
    assert sees(cast.ivy, ian_on_luis)


def test_round_two_makes_ivy_blind_again_until_she_submits_it(cast):
    ian_r1 = fill_scorecard(cast.ian, cast.dana_r1)
    fill_scorecard(cast.ivy, cast.dana_r1)
    assert sees(cast.ivy, ian_r1)

    dana_r2 = round2_for_dana(cast, [cast.ivy, cast.ian])  # no card from ivy yet
    assert not sees(cast.ivy, ian_r1)
    ian_r2 = fill_scorecard(cast.ian, dana_r2)
    assert not sees(cast.ivy, ian_r2)
    assert not sees(cast.ivy, ian_r2.versions.get())
    ivy_r2_draft = fill_scorecard(cast.ivy, dana_r2, submit=False)
    assert not sees(cast.ivy, ian_r2)  # a draft is not a submission

    do_submit_scorecard(cast.ivy, dana_r2)
    assert sees(cast.ivy, ian_r1) and sees(cast.ivy, ian_r2)
    assert sees(cast.ian, Scorecard.objects.get(pk=ivy_r2_draft.pk))


def test_a_cancelled_interview_is_not_owed(cast):
    ian_card = fill_scorecard(cast.ian, cast.dana_r1)
    fill_scorecard(cast.ivy, cast.dana_r1)
    dana_r2 = round2_for_dana(cast, [cast.ivy])
    assert not sees(cast.ivy, ian_card)
    Interview.objects.filter(pk=dana_r2.pk).update(status=InterviewStatus.CANCELLED)
    assert sees(cast.ivy, ian_card)


@pytest.mark.parametrize("role", ["alice", "harry"])
def test_admins_and_hiring_managers_on_a_panel_are_blind_too(cast, role):
    """Oversight and the job's hiring manager see every submitted scorecard, except while
    they sit on a panel for that candidate and have not submitted their own."""
    member = getattr(cast, role)
    ian_card = fill_scorecard(cast.ian, cast.dana_r1)
    ian_on_luis = fill_scorecard(cast.ian, cast.luis_r1)
    assert sees(member, ian_card)
    dana_r2 = round2_for_dana(cast, [member])
    assert not sees(member, ian_card)
    assert not sees(member, ian_card.ratings.first())
    assert sees(member, ian_on_luis)  # other candidates are unaffected
    fill_scorecard(member, dana_r2)
    assert sees(member, ian_card)


def test_approvers_see_the_submitted_cards_of_what_awaits_them(cast):
    ian_card = fill_scorecard(cast.ian, cast.dana_r1)
    ivy_draft = fill_scorecard(cast.ivy, cast.dana_r1, submit=False)
    ian_on_luis = fill_scorecard(cast.ian, cast.luis_r1)
    assert not sees(cast.vera, ian_card)  # nothing awaits her yet
    do_propose_decision(
        cast.harry, cast.dana_app, outcome="hire", summary="Strong.", rationale={},
        approvers=[cast.vera], incomplete_reason="Ivy writes hers up later.",
    )  # fmt: skip
    assert sees(cast.vera, ian_card)
    assert sees(cast.vera, ScorecardVersion.objects.get(scorecard=ian_card))
    assert not sees(cast.vera, ivy_draft)
    assert not sees(cast.vera, ian_on_luis)
    assert not sees(cast.victor, ian_card)  # not on the chain
    assert not sees(cast.nora, ian_card)
    assert not sees(cast.oscar, ian_card)
