"""Hired only through an approved hire decision: the write functions, the model's own
validation (what the admin's forms run), the web page and the decision path."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from secondround.errors import ActionError
from secondround.hiring import actions as hiring
from secondround.hiring.models import Stage, StageChange
from tests.conftest import login
from tests.pipeline.conftest import approve_hire


def test_set_stage_refuses_hired_without_a_decision(cast):
    with pytest.raises(ActionError) as refused:
        hiring.do_set_stage(cast.alice, cast.dana_app, Stage.HIRED)
    assert refused.value.field == "stage"
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.ROUND_1
    assert not StageChange.objects.filter(to_stage=Stage.HIRED).exists()


def test_a_new_application_cannot_start_as_hired(cast):
    person = hiring.do_add_candidate(cast.alice, name="Quick", email="quick@example.com")
    with pytest.raises(ActionError):
        hiring.do_apply(cast.alice, person, cast.job, stage=Stage.HIRED)
    assert not person.applications.exists()


def test_a_pending_or_rejected_decision_is_not_enough(cast):
    from secondround.decisions.actions import do_give_verdict, do_propose_decision

    decision = do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Yes.",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="The panel met Dana before we used secondround.",
    )
    with pytest.raises(ActionError):
        hiring.do_set_stage(cast.alice, cast.dana_app, Stage.HIRED)
    do_give_verdict(cast.vera, decision, "rejected", "Not convinced.")
    with pytest.raises(ActionError):
        hiring.do_set_stage(cast.alice, cast.dana_app, Stage.HIRED)


def test_the_approved_decision_hires_and_writes_the_history(cast):
    approve_hire(cast, cast.dana_app)
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.HIRED
    moves = list(cast.dana_app.stage_changes.values_list("to_stage", "moved_by"))
    assert moves[-2:] == [(Stage.DECISION, cast.harry.pk), (Stage.HIRED, cast.vera.pk)]


def test_the_model_validation_refuses_a_hand_made_hire(cast):
    """The admin's change form runs full_clean: it cannot set "hired" either."""
    cast.dana_app.stage = Stage.HIRED
    with pytest.raises(ValidationError) as refused:
        cast.dana_app.full_clean()
    assert "stage" in refused.value.message_dict
    cast.luis_app.refresh_from_db()
    approve_hire(cast, cast.luis_app)
    cast.luis_app.refresh_from_db()
    cast.luis_app.full_clean()  # with the approved decision, "hired" is valid


def test_the_move_page_does_not_hire(client, cast):
    login(client, cast.alice)
    url = reverse("move_stage", args=[cast.dana_app.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="hired"' not in page.content.decode()
    response = client.post(url, {"stage": "hired"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.ROUND_1


def test_through_the_api_a_hire_comes_only_from_the_approved_decision(cast, api):
    """The API's stage move refuses "hired" (400, nothing changes); proposing a decision makes
    the candidate "awaiting decision", and only the last approval makes them hired."""
    moved = api(cast.alice).post(f"/api/applications/{cast.dana_app.pk}/stage", {"stage": "hired"})
    assert moved.status_code == 400, moved.json()
    assert "decision" in moved.json()["detail"]
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.ROUND_1
    proposed = api(cast.harry).post(
        f"/api/applications/{cast.dana_app.pk}/decisions",
        {
            "outcome": "hire",
            "summary": "Strongest.",
            "approver_ids": [cast.vera.pk],
            "incomplete_reason": "The panel met Dana before we used secondround.",
        },
    )
    assert proposed.status_code == 201
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.DECISION
    verdict = api(cast.vera).post(
        f"/api/decisions/{proposed.json()['id']}/verdict",
        {"verdict": "approved", "rationale": "Agreed."},
    )
    assert verdict.status_code == 200
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.HIRED
