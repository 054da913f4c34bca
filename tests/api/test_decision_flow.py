"""Decisions over the API: list with filters, withdraw, and the only way to "hired": an
approved hire decision."""

import pytest

from secondround.decisions.models import Decision
from tests.api.conftest import ROLES
from tests.conftest import fill_scorecard


def proposal(cast, **extra):
    return {
        "outcome": "hire",
        "summary": "Strong on both",
        "approver_ids": [cast.vera.pk],
        **extra,
    }


@pytest.fixture
def scored(cast):
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    return cast


def test_approved_hire_moves_the_candidate_to_hired(scored, api):
    cast = scored
    harry = api(cast.harry)
    proposed = harry.post(f"/api/applications/{cast.dana_app.pk}/decisions", proposal(cast))
    assert proposed.status_code == 201, proposed.json()
    stage = harry.get(f"/api/applications/{cast.dana_app.pk}").json()["stage"]
    assert stage == "decision"
    verdict = api(cast.vera).post(
        f"/api/decisions/{proposed.json()['id']}/verdict",
        {"verdict": "approved", "rationale": "Good evidence"},
    )
    assert verdict.status_code == 200 and verdict.json()["status"] == "approved"
    assert harry.get(f"/api/applications/{cast.dana_app.pk}").json()["stage"] == "hired"
    hired = harry.all_items("/api/applications?stage=hired")
    assert [a["id"] for a in hired] == [cast.dana_app.pk]


def test_list_filters_and_withdraw(scored, api):
    cast = scored
    harry = api(cast.harry)
    made = harry.post(f"/api/applications/{cast.dana_app.pk}/decisions", proposal(cast)).json()
    assert [d["id"] for d in harry.all_items("/api/decisions?status=pending")] == [made["id"]]
    assert harry.all_items(f"/api/decisions?application={cast.luis_app.pk}") == []
    assert api(cast.vera).all_items(f"/api/decisions?job={cast.job.pk}")[0]["id"] == made["id"]
    path = f"/api/decisions/{made['id']}/withdraw"
    assert harry.post(path, {"reason": ""}).status_code == 400
    withdrawn = harry.post(path, {"reason": "Role frozen"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["withdraw_reason"] == "Role frozen"
    assert harry.all_items("/api/decisions?status=pending") == []


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_permissions(scored, api, role):
    cast = scored
    made = (
        api(cast.harry)
        .post(f"/api/applications/{cast.dana_app.pk}/decisions", proposal(cast))
        .json()
    )
    response = api(getattr(cast, role)).post(
        f"/api/decisions/{made['id']}/withdraw", {"reason": "Because"}
    )
    expected = {"alice": 200, "harry": 200, "vera": 403}.get(role, 404)
    assert response.status_code == expected
    assert (Decision.objects.get().status == "withdrawn") is (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_propose_permissions(scored, api, role):
    response = api(getattr(scored, role)).post(
        f"/api/applications/{scored.dana_app.pk}/decisions", proposal(scored)
    )
    expected = {"alice": 201, "harry": 201, "ivy": 403}.get(role, 404)
    assert response.status_code == expected
    assert Decision.objects.exists() is (expected == 201)
