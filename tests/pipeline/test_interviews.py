"""Scheduling, rescheduling and cancelling interviews, and recording past ones."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from secondround.errors import ActionError, NotAllowed
from secondround.hiring import actions as hiring
from secondround.hiring.models import InterviewStatus
from secondround.scorecards.actions import do_save_draft
from secondround.scorecards.models import owed_interviews, owes_a_scorecard
from tests.conftest import fill_scorecard, login


def soon(days=3, hour=10):
    day = timezone.now() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def next_weekday(moment) -> "datetime.date":
    """A working day (the default working hours are Monday to Friday), so that no
    out-of-hours warning stops the page whatever day the suite runs."""
    day = moment.date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def schedule(cast, app=None, round=None, start=None, who=None):
    start = start or soon()
    return hiring.do_schedule_interview(
        cast.alice,
        app or cast.dana_app,
        round or cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=who or [cast.ivy],
    )


def test_a_round_from_another_job_is_refused(cast, other_job):
    with pytest.raises(ActionError) as refused:
        schedule(cast, round=other_job.round1)
    assert refused.value.field == "round"


def test_times_and_panel_are_checked(cast):
    start = soon()
    with pytest.raises(ActionError) as refused:
        hiring.do_schedule_interview(
            cast.alice,
            cast.dana_app,
            cast.round2,
            starts_at=start,
            ends_at=start,
            interviewers=[cast.ivy],
        )
    assert refused.value.field == "ends_at"
    with pytest.raises(ActionError) as refused:
        schedule(cast, who=[cast.oscar])
    assert refused.value.field == "interviewers"
    with pytest.raises(NotAllowed):
        hiring.do_schedule_interview(
            cast.ivy,
            cast.dana_app,
            cast.round2,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            interviewers=[cast.ivy],
        )


def test_a_past_interview_is_recorded_as_held_and_owes_scorecards(cast):
    past = datetime(2025, 3, 4, 9, tzinfo=UTC)
    interview = schedule(cast, app=cast.luis_app, round=cast.round1, start=past, who=[cast.nora])
    assert interview.recorded_after and interview.organiser == cast.alice
    assert owes_a_scorecard(cast.nora, cast.luis_app)
    fill_scorecard(cast.nora, interview)
    assert not owes_a_scorecard(cast.nora, cast.luis_app)
    assert not schedule(cast).recorded_after


def test_a_cancelled_interview_owes_no_scorecard(cast):
    interview = schedule(cast, who=[cast.nora])
    assert owes_a_scorecard(cast.nora, cast.dana_app)
    hiring.do_cancel_interview(cast.alice, interview, reason="Candidate ill")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert not owes_a_scorecard(cast.nora, cast.dana_app)
    assert interview not in owed_interviews(cast.nora)
    with pytest.raises(ActionError):
        do_save_draft(cast.nora, interview, [], recommendation="yes")
    with pytest.raises(ActionError):
        hiring.do_cancel_interview(cast.alice, interview)
    with pytest.raises(ActionError):
        hiring.do_reschedule_interview(
            cast.alice, interview, starts_at=soon(4), ends_at=soon(4) + timedelta(hours=1)
        )


def test_an_interview_with_a_submitted_scorecard_is_not_cancelled(cast):
    fill_scorecard(cast.ivy, cast.dana_r1)
    with pytest.raises(ActionError):
        hiring.do_cancel_interview(cast.alice, cast.dana_r1)


def test_reschedule_moves_it_and_keeps_those_who_submitted(cast):
    interview = schedule(cast, who=[cast.ivy, cast.ian])
    new_start = soon(5, 14)
    hiring.do_reschedule_interview(
        cast.harry,
        interview,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=2),
        location="Room 4",
        interviewers=[cast.ian],
    )
    interview.refresh_from_db()
    assert interview.starts_at == new_start and interview.location == "Room 4"
    assert list(interview.interviewers.all()) == [cast.ian]
    fill_scorecard(cast.ivy, cast.dana_r1)
    with pytest.raises(ActionError) as refused:
        hiring.do_reschedule_interview(
            cast.alice,
            cast.dana_r1,
            starts_at=cast.dana_r1.starts_at,
            ends_at=cast.dana_r1.ends_at,
            interviewers=[cast.ian],
        )
    assert "Ivy" in refused.value.message


def test_a_closed_application_gets_no_new_interview(cast):
    hiring.do_withdraw_application(cast.alice, cast.dana_app, note="Took another offer")
    with pytest.raises(ActionError):
        schedule(cast)


def test_schedule_page_reads_times_in_the_organisers_zone(client, cast):
    cast.harry.timezone = "Europe/Berlin"
    cast.harry.save()
    login(client, cast.harry)
    url = reverse("interview_new", args=[cast.dana_app.pk]) + f"?round={cast.round2.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "Europe/Berlin" in page.content.decode()
    day = next_weekday(timezone.now() + timedelta(days=7))
    response = client.post(
        url,
        {
            "round": cast.round2.pk,
            "date": day.isoformat(),
            "start": "10:00",
            "end": "11:30",
            "panel": [cast.ivy.pk],
            "other": cast.nora.pk,
            "video_link": "meet.example.com/x",
        },
    )
    assert response.status_code == 302
    interview = cast.dana_app.interviews.get(round=cast.round2)
    assert interview.starts_at == datetime(day.year, day.month, day.day, 9, tzinfo=UTC) or (
        interview.starts_at == datetime(day.year, day.month, day.day, 8, tzinfo=UTC)  # summer
    )
    assert interview.ends_at - interview.starts_at == timedelta(minutes=90)
    assert set(interview.interviewers.all()) == {cast.ivy, cast.nora}
    assert interview.video_link == "https://meet.example.com/x"


def test_schedule_page_asks_before_recording_a_past_interview(client, cast):
    login(client, cast.alice)
    url = reverse("interview_new", args=[cast.luis_app.pk])
    data = {
        "round": cast.round1.pk,
        "date": "2025-01-15",
        "start": "09:00",
        "end": "10:00",
        "panel": [cast.ivy.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Tick the box to record an interview that took place" in response.content.decode()
    assert 'value="2025-01-15"' in response.content.decode()  # what was typed is kept
    response = client.post(url, {**data, "already_held": "on"})
    assert response.status_code == 302
    interview = cast.luis_app.interviews.get(starts_at__year=2025)
    assert interview.recorded_after
    page = client.get(reverse("application", args=[cast.luis_app.pk]))
    assert page.status_code == 200
    assert "Recorded after it took place" in page.content.decode()


def test_cancel_page_cancels_and_the_page_says_so(client, cast):
    interview = schedule(cast)
    login(client, cast.alice)
    url = reverse("interview_cancel", args=[interview.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Moved to next week"})
    assert response.status_code == 302
    page = client.get(reverse("application", args=[cast.dana_app.pk]))
    assert page.status_code == 200 and "Cancelled" in page.content.decode()
    interview.refresh_from_db()
    assert interview.status == "cancelled" and interview.cancel_reason == "Moved to next week"
