"""Helpers for the decision-integrity tests: a decision on Dana with both round-1 scorecards
in, and Dana's round 2 with Ivy and Ian booked for tomorrow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from secondround.decisions.actions import do_propose_decision
from secondround.hiring import actions as hiring
from tests.api.conftest import api  # noqa: F401 (the API client fixture, shared)
from tests.conftest import fill_scorecard


@pytest.fixture
def tomorrow(cast):
    """Dana's round 2, tomorrow: Ivy and Ian may draft, not submit."""
    start = timezone.now() + timedelta(days=1)
    return hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy, cast.ian],
    )


@pytest.fixture
def round_one_in(cast):
    """Both round-1 scorecards on Dana submitted: the panel is complete."""
    fill_scorecard(cast.ivy, cast.dana_r1, value=4, recommendation="strong_yes")
    fill_scorecard(cast.ian, cast.dana_r1, value=3, recommendation="yes")
    return cast


def propose(cast, approvers=None, application=None, **extra):
    return do_propose_decision(
        cast.harry,
        application or cast.dana_app,
        outcome="hire",
        summary=extra.pop("summary", "Strongest on problem solving; the panel agrees."),
        rationale=extra.pop("rationale", {"Problem solving": "Solved the streaming case."}),
        approvers=approvers or [cast.vera, cast.victor],
        **extra,
    )
