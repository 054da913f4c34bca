"""Stage moves over the API: advance, reject, withdraw and set a stage go through the
pipeline's write functions; "hired" only comes from an approved hire decision."""

import pytest

from secondround.hiring.models import Stage, StageChange
from tests.api.conftest import ROLES


def test_advance_to_round_two_then_finalist(cast, api):
    alice = api(cast.alice)
    path = f"/api/applications/{cast.dana_app.pk}/advance"
    first = alice.post(path)
    assert first.status_code == 200
    assert first.json()["stage"] == "round_2"
    assert first.json()["current_round_id"] == cast.round2.pk
    assert alice.post(path).json()["stage"] == "finalist"
    assert alice.post(path).status_code == 400  # a finalist does not advance


def test_reject_needs_a_reason_and_a_note_for_other(cast, api):
    alice = api(cast.alice)
    path = f"/api/applications/{cast.dana_app.pk}/reject"
    assert alice.post(path, {}).status_code == 422
    no_note = alice.post(path, {"reason": "other"})
    assert no_note.status_code == 400 and no_note.json()["field"] == "note"
    done = alice.post(path, {"reason": "skills", "note": "SQL"})
    assert done.status_code == 200 and done.json()["stage"] == "rejected"
    change = StageChange.objects.filter(application=cast.dana_app).last()
    assert (change.to_stage, change.reason) == ("rejected", "skills")
    assert alice.post(path, {"reason": "skills"}).status_code == 400  # already closed


def test_withdraw(cast, api):
    response = api(cast.harry).post(
        f"/api/applications/{cast.luis_app.pk}/withdraw", {"note": "Took another offer"}
    )
    assert response.status_code == 200 and response.json()["stage"] == "withdrawn"


def test_hired_is_refused_without_an_approved_decision(cast, api):
    response = api(cast.alice).post(
        f"/api/applications/{cast.dana_app.pk}/stage", {"stage": "hired"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "stage"
    assert "approved hire decision" in response.json()["detail"]
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.ROUND_1


def test_set_stage_with_a_round(cast, api):
    response = api(cast.alice).post(
        f"/api/applications/{cast.dana_app.pk}/stage",
        {"stage": "round_2", "round_id": cast.round2.pk, "note": "Skip ahead"},
    )
    assert response.status_code == 200 and response.json()["stage"] == "round_2"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", ["advance", "reject", "withdraw", "stage"])
def test_stage_move_permissions(cast, api, role, move):
    bodies = {
        "advance": None,
        "reject": {"reason": "skills"},
        "withdraw": {},
        "stage": {"stage": "finalist"},
    }
    response = api(getattr(cast, role)).post(
        f"/api/applications/{cast.dana_app.pk}/{move}", bodies[move]
    )
    # Interviewers on the panel see the application but do not move it; others don't see it.
    expected = {"alice": 200, "harry": 200, "ivy": 403}.get(role, 404)
    assert response.status_code == expected, response.json()
    cast.dana_app.refresh_from_db()
    assert (cast.dana_app.stage != Stage.ROUND_1) is (expected == 200)
