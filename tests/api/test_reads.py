"""Reads over the API go through the same read filters as the web pages."""

import pytest

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.hiring import actions as hiring
from secondround.scorecards.models import FeedbackView
from tests.conftest import fill_scorecard


@pytest.fixture
def globex_job(cast):
    job = hiring.do_create_job(cast.oscar, title="Globex Secret Job")
    hiring.do_save_competency(
        cast.oscar, job, name="Scheming", anchors={p: "x" for p in range(1, 5)}
    )
    candidate = hiring.do_add_candidate(cast.oscar, name="Gus Globex", email="gus@globex.test")
    cast.globex_app = hiring.do_apply(cast.oscar, candidate, job)
    return job


def test_me(cast, api):
    body = api(cast.alice).get("/api/me").json()
    assert body["name"] == "Alice"
    assert body["email"] == "alice@acme-test.test"
    assert body["organisation"]["name"] == "Acme Test"
    assert body["roles"] == ["admin", "recruiter"]


def test_jobs_only_from_own_org_with_competencies_and_scale(cast, api, globex_job):
    jobs = api(cast.alice).get("/api/jobs").json()["items"]
    assert [j["title"] for j in jobs] == ["Data Engineer"]
    job = jobs[0]
    assert job["scale"] == {"min": 1, "max": 4}
    assert job["hiring_manager"]["name"] == "Harry"
    assert {(c["name"], c["kind"], c["weight"]) for c in job["competencies"]} == {
        ("Problem solving", "skill", 1.0),
        ("Collaboration", "values", 1.0),
    }
    oscar_jobs = api(cast.oscar).get("/api/jobs").json()["items"]
    assert [j["title"] for j in oscar_jobs] == ["Globex Secret Job"]
    assert [c["name"] for c in oscar_jobs[0]["competencies"]] == ["Scheming"]


def test_interviewer_on_no_panel_sees_no_jobs_or_applications(cast, api):
    assert api(cast.nora).get("/api/jobs").json()["items"] == []
    assert api(cast.nora).get("/api/applications").json()["items"] == []
    assert api(cast.nora).get(f"/api/applications/{cast.dana_app.pk}").status_code == 404


def test_other_org_ids_are_404(cast, api, globex_job):
    alice = api(cast.alice)
    assert alice.get(f"/api/applications/{cast.globex_app.pk}").status_code == 404
    assert alice.get(f"/api/applications?job={globex_job.pk}").status_code == 404
    oscar = api(cast.oscar)
    for path in (
        f"/api/applications/{cast.dana_app.pk}",
        f"/api/applications?job={cast.job.pk}",
        f"/api/interviews/{cast.dana_r1.pk}/scorecards",
    ):
        response = oscar.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
    body = {"type": "other", "title": "Snooping"}
    assert oscar.post(f"/api/applications/{cast.dana_app.pk}/concerns", body).status_code == 404


def test_applications_list_and_filter(cast, api):
    apps = api(cast.ivy).get(f"/api/applications?job={cast.job.pk}").json()["items"]
    assert [(a["candidate"]["name"], a["job"]["title"], a["stage"]) for a in apps] == [
        ("Dana Kim", "Data Engineer", "round_1"),
        ("Luis Ortega", "Data Engineer", "round_1"),
    ]


def test_application_detail_rounds_interviews_and_open_concerns(cast, api):
    open_one = do_raise_concern(cast.ivy, cast.dana_app, type="skill_gap", title="SQL depth")
    closed = do_raise_concern(cast.ivy, cast.dana_app, type="other", title="Notice period")
    do_resolve_concern(cast.alice, closed, "resolved", "Two weeks, confirmed")
    body = api(cast.ivy).get(f"/api/applications/{cast.dana_app.pk}").json()
    assert body["candidate"]["name"] == "Dana Kim"
    assert [r["name"] for r in body["rounds"]] == ["Round 1", "Round 2"]
    round1 = body["rounds"][0]
    assert [c["name"] for c in round1["focus_competencies"]] == ["Problem solving", "Collaboration"]
    assert [i["id"] for i in round1["interviews"]] == [cast.dana_r1.pk]
    assert {p["name"] for p in round1["interviews"][0]["interviewers"]} == {"Ivy", "Ian"}
    assert body["rounds"][1]["interviews"] == []
    assert [c["id"] for c in body["open_concerns"]] == [open_one.pk]
    assert body["open_concerns"][0]["raised_by"]["name"] == "Ivy"


def test_internal_notes_only_for_those_the_rules_allow(cast, api):
    cast.dana.notes = "Asked for a salary above band"
    cast.dana.save()
    path = f"/api/applications/{cast.dana_app.pk}"
    assert api(cast.alice).get(path).json()["notes"] == "Asked for a salary above band"
    assert api(cast.harry).get(path).json()["notes"] == "Asked for a salary above band"
    ivy_view = api(cast.ivy).get(path)
    assert ivy_view.json()["notes"] is None
    assert "salary" not in ivy_view.content.decode()


def test_blind_rule_over_the_api(cast, api):
    fill_scorecard(cast.ian, cast.dana_r1)
    fill_scorecard(cast.ivy, cast.dana_r1, submit=False)
    path = f"/api/interviews/{cast.dana_r1.pk}/scorecards"
    before = api(cast.ivy).get(path).json()["items"]
    assert [(c["author"]["name"], c["status"]) for c in before] == [("Ivy", "draft")]
    assert not FeedbackView.objects.filter(member=cast.ivy).exists()

    submitted = api(cast.ivy).post(f"/api/interviews/{cast.dana_r1.pk}/scorecard/submit")
    assert submitted.status_code == 200
    after = api(cast.ivy).get(path).json()["items"]
    assert sorted(c["author"]["name"] for c in after) == ["Ian", "Ivy"]
    ian_card = next(c for c in after if c["author"]["name"] == "Ian")
    assert ian_card["status"] == "submitted"
    assert {r["value"] for r in ian_card["ratings"]} == {3}
    # Reading colleagues' feedback is on record for the independence audit.
    assert FeedbackView.objects.filter(member=cast.ivy, application=cast.dana_app).exists()


def test_drafts_are_never_shown_to_others(cast, api):
    fill_scorecard(cast.ian, cast.dana_r1, submit=False)
    path = f"/api/interviews/{cast.dana_r1.pk}/scorecards"
    assert api(cast.alice).get(path).json()["items"] == []
    assert api(cast.harry).get(path).json()["items"] == []


def test_interviewer_cannot_see_an_interview_they_are_not_on(cast, api):
    assert api(cast.nora).get(f"/api/interviews/{cast.dana_r1.pk}/scorecards").status_code == 404


def test_lists_take_a_bounded_number_of_queries(cast, api, django_assert_max_num_queries):
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    alice = api(cast.alice)
    alice.get("/api/me")  # creates the token and stamps last_used_at outside the count
    for path in (
        "/api/jobs",
        "/api/applications",
        f"/api/applications/{cast.dana_app.pk}",
        f"/api/interviews/{cast.dana_r1.pk}/scorecards",
    ):
        with django_assert_max_num_queries(10):
            assert alice.get(path).status_code == 200
