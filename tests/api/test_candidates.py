"""Candidates over the API: add one (applying to jobs at once), apply to a job, read them
with the candidate page's rules for internal notes."""

import pytest

from secondround.hiring.models import Application, Candidate
from tests.api.conftest import ROLES


def test_add_a_candidate_with_a_job_and_read_them(cast, api):
    alice = api(cast.alice)
    body = {
        "name": "Eve Adams",
        "email": "Eve@Example.com",
        "source": "referral",
        "notes": "Knows Dana",
        "job_ids": [cast.job.pk],
    }
    created = alice.post("/api/candidates", body)
    assert created.status_code == 201, created.json()
    eve = created.json()
    assert eve["email"] == "eve@example.com" and eve["notes"] == "Knows Dana"
    assert [(a["job_id"], a["stage"]) for a in eve["applications"]] == [(cast.job.pk, "applied")]
    assert alice.get(f"/api/candidates/{eve['id']}").json() == eve
    harry_view = api(cast.harry).get(f"/api/candidates/{eve['id']}").json()
    assert harry_view["notes"] == "Knows Dana"  # the job's hiring manager


def test_an_interviewer_sees_their_candidate_without_notes(cast, api):
    cast.dana.notes = "Salary above band"
    cast.dana.save()
    body = api(cast.ivy).get(f"/api/candidates/{cast.dana.pk}")
    assert body.status_code == 200
    assert body.json()["notes"] is None and "Salary" not in body.content.decode()
    assert api(cast.nora).get(f"/api/candidates/{cast.dana.pk}").status_code == 404


def test_duplicate_email_and_bad_source(cast, api):
    alice = api(cast.alice)
    duplicate = alice.post("/api/candidates", {"name": "D", "email": "DANA@example.com"})
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "email"
    other = alice.post("/api/candidates", {"name": "O", "email": "o@x.test", "source": "other"})
    assert other.status_code == 400 and other.json()["field"] == "source_detail"
    unknown = alice.post("/api/candidates", {"name": "U", "email": "u@x.test", "source": "tv"})
    assert unknown.status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_add_candidate_permissions(cast, api, role):
    body = {"name": "Role Test", "email": f"{role}@cand.test"}
    response = api(getattr(cast, role)).post("/api/candidates", body)
    expected = 201 if role in ("alice", "harry", "oscar") else 403
    assert response.status_code == expected
    assert Candidate.objects.filter(email=f"{role}@cand.test").exists() is (expected == 201)


def test_apply_to_a_job_once(cast, api):
    alice = api(cast.alice)
    eve = alice.post("/api/candidates", {"name": "Eve", "email": "eve@x.test"}).json()
    path = f"/api/candidates/{eve['id']}/applications"
    applied = alice.post(path, {"job_id": cast.job.pk})
    assert applied.status_code == 201
    assert applied.json()["stage"] == "applied"
    again = alice.post(path, {"job_id": cast.job.pk})
    assert again.status_code == 400 and "already applied" in again.json()["detail"]
    assert Application.objects.filter(candidate_id=eve["id"]).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_apply_permissions(cast, api, role):
    eve = Candidate.objects.create(organisation=cast.acme, name="Eve", email="eve@x.test")
    response = api(getattr(cast, role)).post(
        f"/api/candidates/{eve.pk}/applications", {"job_id": cast.job.pk}
    )
    # Only oversight roles see a candidate with no application yet.
    expected = {"alice": 201}.get(role, 404)
    assert response.status_code == expected
    assert Application.objects.filter(candidate=eve).exists() is (expected == 201)


def test_applying_to_another_organisations_job_is_refused(cast, api):
    from secondround.hiring import actions as hiring

    globex_job = hiring.do_create_job(cast.oscar, title="Globex Job")
    response = api(cast.alice).post(
        f"/api/candidates/{cast.dana.pk}/applications", {"job_id": globex_job.pk}
    )
    assert response.status_code == 400 and response.json()["field"] == "job_ids"
    assert api(cast.oscar).get(f"/api/candidates/{cast.dana.pk}").status_code == 404
