"""Reasons a member types (a scorecard edit, a cancelled interview, a decision that overrides
a concern, goes ahead incomplete or is withdrawn) stay on their records, which erasure
clears, and never in the append-only audit trail, where a candidate's name would outlive
the erasure."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from secondround.audit.models import AuditEvent
from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_propose_decision, do_withdraw_decision
from secondround.decisions.models import Decision
from secondround.hiring import actions as hiring
from secondround.hiring.models import Interview
from secondround.privacy.actions import do_erase_candidate
from secondround.scorecards.actions import RatingInput, do_edit_submitted
from tests.privacy.conftest import write_scorecard

REASON = "Dana Kim asked us to"


@pytest.fixture
def reasons(cast):
    c = cast
    card = write_scorecard(c.ivy, c.dana_r1, 3, "Clear on design")
    ratings = [RatingInput(r.competency_id, 4, r.evidence) for r in card.ratings.all()]
    do_edit_submitted(c.ivy, card, REASON, ratings, recommendation="yes")
    start = timezone.now() + timedelta(days=2)
    ahead = hiring.do_schedule_interview(
        c.alice, c.dana_app, c.round2, starts_at=start, ends_at=start + timedelta(hours=1),
        interviewers=[c.ian],
    )  # fmt: skip
    hiring.do_cancel_interview(c.alice, ahead, reason=REASON)
    do_raise_concern(c.ivy, c.dana_app, type="skill_gap", title="Depth", blocking=True)
    decision = do_propose_decision(
        c.harry, c.dana_app, outcome="hire", summary="Strong", rationale={},
        approvers=[c.vera], override_reason=REASON, incomplete_reason=REASON,
    )  # fmt: skip
    do_withdraw_decision(c.harry, decision, REASON)
    c.ahead, c.decision = ahead, decision
    return c


def test_typed_reasons_stay_on_their_records_and_out_of_the_trail(reasons):
    c = reasons
    decision = Decision.objects.get(pk=c.decision.pk)
    assert decision.withdraw_reason == decision.override_reason == REASON
    assert Interview.objects.get(pk=c.ahead.pk).cancel_reason == REASON
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"scorecard.edited", "interview.cancelled", "decision.override"} <= actions
    assert {"decision.proposed", "decision.withdrawn"} <= actions
    trail = [json.dumps(data) for data in AuditEvent.objects.values_list("data", flat=True)]
    assert not [text for text in trail if "Dana" in text]


def test_erasure_clears_the_typed_reasons(reasons):
    c = reasons
    do_erase_candidate(c.alice, c.dana, confirmation="Dana Kim")
    decision = Decision.objects.get(pk=c.decision.pk)
    texts = [decision.withdraw_reason, decision.override_reason, decision.incomplete_reason]
    texts.append(Interview.objects.get(pk=c.ahead.pk).cancel_reason)
    assert not [text for text in texts if "Dana" in text]


def test_the_withdrawal_reason_is_on_the_decision_page(reasons, client):
    client.force_login(reasons.harry.user)
    response = client.get(f"/decisions/{reasons.decision.pk}/")
    assert response.status_code == 200
    assert f"Reason given: {REASON}" in response.content.decode()
