"""The schedule page warns before booking a panel member twice or outside their working
hours, goes ahead only when the organiser confirms that same slot, and never warns about an
interview recorded after it took place."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.pipeline.test_interviews import next_weekday


def post_slot(client, cast, day, start, end, confirm=None):
    data = {
        "round": cast.round2.pk,
        "date": day.isoformat(),
        "start": start,
        "end": end,
        "panel": [cast.ivy.pk],
        "location": "Room 3",
    }
    if confirm is not None:
        data["schedule_anyway"] = confirm
    url = reverse("interview_new", args=[cast.luis_app.pk]) + f"?round={cast.round2.pk}"
    return client.post(url, data)


def booked_ivy(cast, day):
    from secondround.hiring import actions as hiring

    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy],
    )


def test_an_overlap_is_named_and_confirmed_before_booking(client, cast):
    day = next_weekday(timezone.now() + timedelta(days=7))
    booked_ivy(cast, day)
    login(client, cast.harry)
    page = post_slot(client, cast, day, "10:30", "11:30")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check:" in html and "Dana Kim" in html and "Schedule anyway" in html
    assert not cast.luis_app.interviews.filter(round=cast.round2).exists()

    # Confirming a different slot than the one warned about asks again.
    assert post_slot(client, cast, day, "10:45", "11:30", confirm="stale").status_code == 200
    assert not cast.luis_app.interviews.filter(round=cast.round2).exists()

    key = page.context["slot_key"]
    done = post_slot(client, cast, day, "10:30", "11:30", confirm=key)
    assert done.status_code == 302
    assert cast.luis_app.interviews.filter(round=cast.round2).count() == 1


def test_a_slot_outside_working_hours_is_warned_about(client, cast):
    day = next_weekday(timezone.now() + timedelta(days=7))
    login(client, cast.harry)
    page = post_slot(client, cast, day, "19:00", "20:00")
    assert page.status_code == 200
    assert "Check:" in page.content.decode()
    assert not cast.luis_app.interviews.filter(round=cast.round2).exists()


def test_a_free_slot_books_at_once(client, cast):
    day = next_weekday(timezone.now() + timedelta(days=7))
    login(client, cast.harry)
    assert post_slot(client, cast, day, "14:00", "15:00").status_code == 302


def test_an_interview_recorded_after_it_took_place_is_not_warned_about(client, cast):
    day = (timezone.now() - timedelta(days=3)).date()
    booked_ivy(cast, day)
    login(client, cast.harry)
    response = client.post(
        reverse("interview_new", args=[cast.luis_app.pk]) + f"?round={cast.round2.pk}",
        {
            "round": cast.round2.pk,
            "date": day.isoformat(),
            "start": "10:30",
            "end": "11:30",
            "panel": [cast.ivy.pk],
            "already_held": "on",
        },
    )
    assert response.status_code == 302
