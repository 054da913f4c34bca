"""List filters: job, stage, candidate, updated_since, status, owner, e-mail, dates."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from django.utils import timezone

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.hiring import actions as hiring
from secondround.hiring.models import StageChange


def since(moment: datetime) -> str:
    return quote(moment.isoformat())


def test_applications_by_stage_and_candidate(cast, api):
    hiring.do_advance_application(cast.alice, cast.luis_app)
    alice = api(cast.alice)
    round_2 = alice.get("/api/applications?stage=round_2").json()["items"]
    assert [a["candidate"]["name"] for a in round_2] == ["Luis Ortega"]
    dana = alice.get(f"/api/applications?candidate={cast.dana.pk}").json()["items"]
    assert [a["id"] for a in dana] == [cast.dana_app.pk]


def test_applications_updated_since_counts_stage_moves(cast, api):
    StageChange.objects.update(moved_at=timezone.now() - timedelta(days=3))
    from secondround.hiring.models import Application

    Application.objects.update(created_at=timezone.now() - timedelta(days=3))
    cutoff = timezone.now() - timedelta(days=1)
    alice = api(cast.alice)
    assert alice.get(f"/api/applications?updated_since={since(cutoff)}").json()["items"] == []
    hiring.do_advance_application(cast.alice, cast.dana_app)
    moved = alice.get(f"/api/applications?updated_since={since(cutoff)}").json()["items"]
    assert [a["id"] for a in moved] == [cast.dana_app.pk]


def test_updated_since_needs_a_time_zone(cast, api):
    response = api(cast.alice).get("/api/applications?updated_since=2026-01-01T00:00:00")
    assert response.status_code == 422
    assert "updated_since" in response.json()["detail"]


def test_candidates_by_email_and_job(cast, api):
    other_job = hiring.do_create_job(cast.alice, title="Designer")
    hiring.do_add_candidate(cast.alice, name="Pat", email="pat@example.com", jobs=[other_job])
    alice = api(cast.alice)
    found = alice.get("/api/candidates?email=PAT@example.com").json()["items"]
    assert [c["name"] for c in found] == ["Pat"]
    by_job = alice.get(f"/api/candidates?job={cast.job.pk}").json()["items"]
    assert [c["name"] for c in by_job] == ["Dana Kim", "Luis Ortega"]


def test_concerns_by_status_owner_and_job(cast, api):
    open_one = do_raise_concern(cast.alice, cast.dana_app, type="skill_gap", title="SQL")
    closed = do_raise_concern(cast.alice, cast.luis_app, type="other", title="Notice")
    do_resolve_concern(cast.alice, closed, "resolved", "Two weeks")
    hiring.do_create_job(cast.alice, title="Designer")
    alice = api(cast.alice)
    opened = alice.get("/api/concerns?status=open").json()["items"]
    assert [c["id"] for c in opened] == [open_one.pk]
    resolved = alice.get("/api/concerns?status=resolved").json()["items"]
    assert [c["id"] for c in resolved] == [closed.pk]
    by_app = alice.get(f"/api/concerns?application={cast.luis_app.pk}").json()["items"]
    assert [c["id"] for c in by_app] == [closed.pk]
    assert len(alice.get(f"/api/concerns?job={cast.job.pk}").json()["items"]) == 2


def test_interviews_by_time_and_status(cast, api):
    alice = api(cast.alice)
    start = datetime(2026, 11, 20, 11, tzinfo=UTC)
    later = alice.get(f"/api/interviews?starts_after={since(start)}").json()["items"]
    assert [i["id"] for i in later] == [cast.luis_r1.pk]
    earlier = alice.get(f"/api/interviews?starts_before={since(start)}").json()["items"]
    assert [i["id"] for i in earlier] == [cast.dana_r1.pk]
    hiring.do_cancel_interview(cast.alice, cast.luis_r1)
    cancelled = alice.get("/api/interviews?status=cancelled").json()["items"]
    assert [i["id"] for i in cancelled] == [cast.luis_r1.pk]


def test_members_by_role_and_active(cast, api):
    alice = api(cast.alice)
    approvers = alice.get("/api/members?role=approver").json()["items"]
    assert sorted(m["name"] for m in approvers) == ["Vera", "Victor"]
    from secondround.accounts.actions import do_deactivate_member

    do_deactivate_member(cast.alice, cast.nora)
    inactive = alice.get("/api/members?active=false").json()["items"]
    assert [m["name"] for m in inactive] == ["Nora"]


def test_filter_by_another_organisations_job_is_404(cast, api):
    globex_job = hiring.do_create_job(cast.oscar, title="Globex Job")
    alice = api(cast.alice)
    for path in ("applications", "candidates", "concerns", "interviews", "decisions"):
        response = alice.get(f"/api/{path}?job={globex_job.pk}")
        assert response.status_code == 404, path
