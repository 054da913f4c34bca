"""Jobs, competencies and rounds over the API: the job setup page's rules, for every role."""

import pytest

from secondround.hiring.models import Competency, Job, Round
from tests.api.conftest import ROLES

ANCHORS = {"1": "Weak", "2": "Mixed", "3": "Good", "4": "Excellent"}


@pytest.mark.parametrize("role", ROLES)
def test_create_job_permissions(cast, api, role):
    response = api(getattr(cast, role)).post("/api/jobs", {"title": f"{role} job"})
    expected = 201 if role in ("alice", "harry", "oscar") else 403
    assert response.status_code == expected, response.json()
    assert Job.objects.filter(title=f"{role} job").exists() is (expected == 201)
    if role == "harry":  # a hiring manager who opens a job manages it
        assert response.json()["hiring_manager"]["name"] == "Harry"


def test_create_read_and_update_a_job(cast, api):
    alice = api(cast.alice)
    body = {"title": "SRE", "department": "Ops", "scale_min": 1, "scale_max": 5}
    created = alice.post("/api/jobs", {**body, "hiring_manager_id": cast.harry.pk}).json()
    assert created["scale"] == {"min": 1, "max": 5} and created["status"] == "open"
    assert alice.get(f"/api/jobs/{created['id']}").json() == created

    patched = alice.patch(f"/api/jobs/{created['id']}", {"status": "on_hold", "department": None})
    assert patched.status_code == 200
    assert patched.json()["status"] == "on_hold" and patched.json()["department"] == ""
    assert patched.json()["title"] == "SRE"  # fields not sent stay


def test_duplicate_title_and_bad_scale_are_400(cast, api):
    alice = api(cast.alice)
    duplicate = alice.post("/api/jobs", {"title": "Data Engineer"})
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "title"
    scale = alice.post("/api/jobs", {"title": "X", "scale_min": 4, "scale_max": 2})
    assert scale.status_code == 400 and scale.json()["field"] == "scale_max"


def test_only_oversight_changes_the_hiring_manager(cast, api):
    response = api(cast.harry).patch(f"/api/jobs/{cast.job.pk}", {"hiring_manager_id": None})
    assert response.status_code == 403
    cast.job.refresh_from_db()
    assert cast.job.hiring_manager == cast.harry


@pytest.mark.parametrize("role", ROLES)
def test_update_job_permissions(cast, api, role):
    response = api(getattr(cast, role)).patch(f"/api/jobs/{cast.job.pk}", {"department": role})
    expected = {"alice": 200, "harry": 200, "oscar": 404, "ivy": 403}.get(role, 404)
    assert response.status_code == expected
    cast.job.refresh_from_db()
    assert (cast.job.department == role) is (expected == 200)


def test_competencies_list_create_update(cast, api):
    alice = api(cast.alice)
    listed = alice.get(f"/api/jobs/{cast.job.pk}/competencies").json()["items"]
    assert [c["name"] for c in listed] == ["Problem solving", "Collaboration"]
    assert listed[0]["anchors"]["4"] == "Excellent"
    body = {"name": "Ownership", "kind": "values", "weight": 1.5, "anchors": ANCHORS}
    created = alice.post(f"/api/jobs/{cast.job.pk}/competencies", body)
    assert created.status_code == 201
    assert created.json()["weight"] == 1.5
    changed = alice.put(
        f"/api/competencies/{created.json()['id']}", {**body, "name": "Ownership & drive"}
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Ownership & drive"
    missing = alice.post(
        f"/api/jobs/{cast.job.pk}/competencies", {"name": "Half", "anchors": {"1": "x"}}
    )
    assert missing.status_code == 400 and "missing: 2, 3, 4" in missing.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_competency_permissions(cast, api, role):
    body = {"name": f"By {role}", "anchors": ANCHORS}
    response = api(getattr(cast, role)).post(f"/api/jobs/{cast.job.pk}/competencies", body)
    expected = {"alice": 201, "harry": 201, "ivy": 403}.get(role, 404)
    assert response.status_code == expected
    assert Competency.objects.filter(name=f"By {role}").exists() is (expected == 201)


def test_rounds_list_create_update(cast, api):
    alice = api(cast.alice)
    listed = alice.get(f"/api/jobs/{cast.job.pk}/rounds").json()["items"]
    assert [(r["number"], r["name"]) for r in listed] == [(1, "Round 1"), (2, "Round 2")]
    assert {p["name"] for p in listed[0]["panel"]} == {"Ivy", "Ian"}
    body = {
        "number": 3,
        "name": "Final",
        "objectives": ["buy_in"],
        "focus_competency_ids": [cast.problem.pk],
        "panel_ids": [cast.harry.pk],
        "duration_minutes": 45,
    }
    created = alice.post(f"/api/jobs/{cast.job.pk}/rounds", body)
    assert created.status_code == 201, created.json()
    assert created.json()["focus_competencies"] == [
        {"id": cast.problem.pk, "name": "Problem solving"}
    ]
    clash = alice.post(f"/api/jobs/{cast.job.pk}/rounds", body)
    assert clash.status_code == 400 and clash.json()["field"] == "number"
    renamed = alice.put(f"/api/rounds/{created.json()['id']}", {**body, "name": "Final round"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Final round"
    outsider = alice.post(
        f"/api/jobs/{cast.job.pk}/rounds", {**body, "number": 4, "panel_ids": [cast.oscar.pk]}
    )
    assert outsider.status_code == 400 and outsider.json()["field"] == "panel_ids"
    assert Round.objects.filter(job=cast.job).count() == 3


def test_round_of_another_organisation_is_404(cast, api):
    oscar = api(cast.oscar)
    assert oscar.get(f"/api/rounds/{cast.round1.pk}").status_code == 404
    assert oscar.get(f"/api/competencies/{cast.problem.pk}").status_code == 404
    assert oscar.get(f"/api/jobs/{cast.job.pk}").status_code == 404
