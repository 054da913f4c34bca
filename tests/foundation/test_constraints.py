"""The database itself refuses records that break the domain's rules, whatever the code path."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from secondround.concerns.models import Concern
from secondround.decisions import actions as decisions
from secondround.decisions.models import ApprovalStep, Decision
from secondround.hiring.models import Competency, Interview
from secondround.scorecards.models import Rating, Scorecard
from tests.conftest import fill_scorecard


@contextmanager
def refused():
    """Expect an IntegrityError, inside a savepoint so the test's transaction survives."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def test_rating_outside_the_scale_is_refused_by_the_database(cast):
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    rating = card.ratings.first()
    with refused():
        Rating.objects.filter(pk=rating.pk).update(value=rating.scale_max + 1)
    with refused():
        Rating.objects.filter(pk=rating.pk).update(value=rating.scale_min - 1)
    Rating.objects.filter(pk=rating.pk).update(value=rating.scale_max)  # the top is fine


def test_one_scorecard_per_interviewer_and_interview(cast):
    card = fill_scorecard(cast.ivy, cast.dana_r1, submit=False)
    with refused():
        Scorecard.objects.create(interview=card.interview, author=card.author)


def test_submitted_scorecard_needs_a_recommendation(cast):
    with refused():
        Scorecard.objects.create(
            interview=cast.dana_r1,
            author=cast.ivy,
            status="submitted",
            recommendation="",
            submitted_at=timezone.now(),
            version=1,
        )


def test_closed_concern_needs_evidence(cast):
    with refused():
        Concern.objects.create(
            application=cast.dana_app,
            type="skill_gap",
            title="Depth",
            raised_by=cast.ivy,
            status="resolved",
            resolution_evidence="",
            resolved_at=timezone.now(),
        )


def test_verdict_needs_a_rationale(cast):
    decision = decisions.do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong loop.",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="The panel writes up later.",
    )
    step = decision.steps.get()
    with refused():
        ApprovalStep.objects.filter(pk=step.pk).update(
            verdict="approved", rationale="", decided_at=timezone.now()
        )


def test_only_one_active_decision_per_application(cast):
    first = decisions.do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong loop.",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="The panel writes up later.",
    )
    with refused():
        Decision.objects.create(
            application=cast.dana_app,
            outcome="no_hire",
            proposed_by=cast.harry,
            proposed_at=timezone.now(),
        )
    # Once withdrawn, a new decision may be proposed.
    decisions.do_withdraw_decision(cast.harry, first, "New evidence arrived.")
    Decision.objects.create(
        application=cast.dana_app,
        outcome="no_hire",
        proposed_by=cast.harry,
        proposed_at=timezone.now(),
    )


def test_interview_cannot_end_before_it_starts(cast):
    start = cast.dana_r1.starts_at
    with refused():
        Interview.objects.create(
            application=cast.dana_app,
            round=cast.round2,
            starts_at=start,
            ends_at=start - timedelta(minutes=1),
        )


def test_competency_weight_must_be_positive(cast):
    with refused():
        Competency.objects.create(job=cast.job, name="Weightless", weight=0)
