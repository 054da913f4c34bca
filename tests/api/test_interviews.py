"""Interviews over the API: list and read with the read filter; schedule, reschedule and
cancel with the interview form's rules, clash warnings included."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from secondround.hiring.models import Interview
from tests.api.conftest import ROLES
from tests.conftest import fill_scorecard


def next_tuesday_at(hour: int) -> datetime:
    today = timezone.now().astimezone(UTC).date()
    days = (1 - today.weekday()) % 7 or 7
    day = today + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def slot(hour=10, people=None, cast=None, **extra):
    start = next_tuesday_at(hour)
    return {
        "round_id": cast.round2.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "interviewer_ids": people or [cast.ivy.pk],
        **extra,
    }


def test_interviewer_lists_only_the_interviews_they_are_on(cast, api):
    assert {i["id"] for i in api(cast.ivy).all_items("/api/interviews")} == {
        cast.dana_r1.pk,
        cast.luis_r1.pk,
    }
    assert api(cast.nora).all_items("/api/interviews") == []
    assert api(cast.nora).get(f"/api/interviews/{cast.dana_r1.pk}").status_code == 404
    detail = api(cast.ivy).get(f"/api/interviews/{cast.dana_r1.pk}").json()
    assert detail["application_id"] == cast.dana_app.pk
    assert {p["name"] for p in detail["interviewers"]} == {"Ivy", "Ian"}


def test_schedule_then_a_clash_needs_confirming(cast, api):
    alice = api(cast.alice)
    path = f"/api/applications/{cast.dana_app.pk}/interviews"
    first = alice.post(path, slot(cast=cast, location="Room 2"))
    assert first.status_code == 201, first.json()
    assert first.json()["location"] == "Room 2" and first.json()["status"] == "scheduled"

    clash = alice.post(f"/api/applications/{cast.luis_app.pk}/interviews", slot(cast=cast))
    assert clash.status_code == 409
    assert "Ivy already has an interview then" in clash.json()["warnings"][0]
    assert Interview.objects.filter(application=cast.luis_app).count() == 1

    anyway = alice.post(
        f"/api/applications/{cast.luis_app.pk}/interviews", slot(cast=cast, schedule_anyway=True)
    )
    assert anyway.status_code == 201


def test_out_of_hours_warns(cast, api):
    response = api(cast.alice).post(
        f"/api/applications/{cast.dana_app.pk}/interviews", slot(hour=20, cast=cast)
    )
    assert response.status_code == 409
    assert "outside Ivy's working hours" in response.json()["detail"]


def test_times_need_a_time_zone_and_a_valid_order(cast, api):
    alice = api(cast.alice)
    path = f"/api/applications/{cast.dana_app.pk}/interviews"
    naive = slot(cast=cast)
    naive["starts_at"] = naive["starts_at"].replace("+00:00", "")
    assert alice.post(path, naive).status_code == 422
    backwards = slot(cast=cast)
    backwards["ends_at"], backwards["starts_at"] = backwards["starts_at"], backwards["ends_at"]
    response = alice.post(path, backwards)
    assert response.status_code == 400 and response.json()["field"] == "ends_at"


def test_reschedule_and_cancel(cast, api):
    alice = api(cast.alice)
    made = alice.post(f"/api/applications/{cast.dana_app.pk}/interviews", slot(cast=cast)).json()
    moved = alice.post(
        f"/api/interviews/{made['id']}/reschedule",
        {**slot(hour=14, cast=cast), "interviewer_ids": [cast.ian.pk]},
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["starts_at"].startswith(next_tuesday_at(14).date().isoformat())
    assert [p["name"] for p in moved.json()["interviewers"]] == ["Ian"]
    cancelled = alice.post(f"/api/interviews/{made['id']}/cancel", {"reason": "Candidate ill"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "Candidate ill"
    again = alice.post(f"/api/interviews/{made['id']}/cancel", {})
    assert again.status_code == 400


def test_an_interview_with_a_submitted_scorecard_is_not_cancelled(cast, api):
    fill_scorecard(cast.ivy, cast.dana_r1)
    response = api(cast.alice).post(f"/api/interviews/{cast.dana_r1.pk}/cancel", {})
    assert response.status_code == 400 and "took place" in response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_schedule_permissions(cast, api, role):
    response = api(getattr(cast, role)).post(
        f"/api/applications/{cast.dana_app.pk}/interviews", slot(cast=cast)
    )
    expected = {"alice": 201, "harry": 201, "ivy": 403}.get(role, 404)
    assert response.status_code == expected
    assert Interview.objects.filter(application=cast.dana_app).count() == (
        2 if expected == 201 else 1
    )


@pytest.mark.parametrize("role", ROLES)
def test_cancel_permissions(cast, api, role):
    future = next_tuesday_at(10)
    Interview.objects.filter(pk=cast.luis_r1.pk).update(
        starts_at=future, ends_at=future + timedelta(hours=1)
    )
    response = api(getattr(cast, role)).post(f"/api/interviews/{cast.luis_r1.pk}/cancel", {})
    expected = {"alice": 200, "harry": 200, "ivy": 403}.get(role, 404)
    assert response.status_code == expected
    cast.luis_r1.refresh_from_db()
    assert (cast.luis_r1.status == "cancelled") is (expected == 200)
