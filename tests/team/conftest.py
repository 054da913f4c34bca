"""A scene for handover tests: work that vera (approver) and ivy (interviewer) hold."""

from datetime import timedelta

import pytest
from django.utils import timezone

from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_propose_decision
from secondround.hiring import actions as hiring
from tests.conftest import add_member


@pytest.fixture
def held(cast):
    """cast plus: a hire decision on dana waiting for vera (then victor); an open concern on
    luis owned by ivy; a future round-2 interview of luis with ivy and ian; a third approver
    (val) and interviewer (ike) to hand work to."""
    cast.val = add_member(cast.acme, "val", "approver")
    cast.ike = add_member(cast.acme, "ike", "interviewer")
    cast.decision = do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong on both",
        rationale={},
        approvers=[cast.vera, cast.victor],
        incomplete_reason="Ivy and Ian write theirs up today.",
    )
    cast.concern = do_raise_concern(
        cast.alice, cast.luis_app, type="skill_gap", title="Depth in SQL", owner=cast.ivy
    )
    start = timezone.now() + timedelta(days=3)
    cast.future = hiring.do_schedule_interview(
        cast.alice,
        cast.luis_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy, cast.ian],
    )
    return cast
