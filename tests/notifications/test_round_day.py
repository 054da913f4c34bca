"""A round-2 day in one step: review shows the times and any clash and schedules nothing;
confirming schedules every slot in one transaction, and all invitations go out together."""

from django.urls import reverse

from secondround.hiring.models import Interview
from secondround.notifications.models import Notification
from tests.conftest import login
from tests.notifications.conftest import next_monday_at


def day_form(cast, day, **extra):
    data = {
        "round": cast.round2.pk,
        "date": day.isoformat(),
        "start": "10:00",
        "timezone": "UTC",
        "break_minutes": "15",
        "slot1_minutes": "45",
        "slot1_panel": [cast.ivy.pk],
        "slot2_minutes": "45",
        "slot2_panel": [cast.ian.pk],
        "slot3_minutes": "45",
        "slot3_panel": [cast.ivy.pk, cast.ian.pk],
        "slot4_minutes": "",
        "location": "Room 3",
        "video_link": "",
        "check": "1",
    }
    data.update(extra)
    return data


def test_review_shows_the_times_and_the_clash_and_schedules_nothing(client, cast, dana_r2):
    """dana_r2 holds Ivy and Ian next Monday 10:00-11:00: Ivy's first slot clashes with it."""
    login(client, cast.harry)
    url = reverse("schedule_round_day", args=[cast.luis_app.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"Check the day" in page.content

    response = client.post(url, day_form(cast, dana_r2.starts_at.date()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "10:00–10:45" in html and "11:00–11:45" in html and "12:00–12:45" in html
    assert "Ivy already has an interview then: Dana Kim, Round 2 (10:00–11:00)." in html
    assert "Ian already" not in html  # his slot starts as Dana's interview ends
    assert html.count("No clash found.") == 2
    assert "Confirm and send invitations" in html
    assert not Interview.objects.filter(application=cast.luis_app, round=cast.round2).exists()


def test_confirming_schedules_every_slot_and_sends_every_invitation(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, cast.harry)
    day = next_monday_at(10).date()
    url = reverse("schedule_round_day", args=[cast.luis_app.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, day_form(cast, day, confirm="1"))
    assert response.status_code == 302
    assert response["Location"] == reverse("application", args=[cast.luis_app.pk])
    assert len(callbacks) == 3  # one delivery batch per interview, all after the one commit

    interviews = list(Interview.objects.filter(application=cast.luis_app, round=cast.round2))
    assert [(i.starts_at.hour, i.starts_at.minute, i.ends_at.minute) for i in interviews] == [
        (10, 0, 45),
        (11, 0, 45),
        (12, 0, 45),
    ]
    assert [sorted(p.display_name for p in i.interviewers.all()) for i in interviews] == [
        ["Ivy"],
        ["Ian"],
        ["Ian", "Ivy"],
    ]
    # 4 panel seats and the candidate's 3 interviews
    assert len(mailoutbox) == 7
    assert sum(m.to == ["luis@example.com"] for m in mailoutbox) == 3
    assert Notification.objects.filter(interview__in=interviews, status="sent").count() == 7


def test_a_slot_without_a_panel_is_refused_next_to_it(client, cast):
    login(client, cast.harry)
    url = reverse("schedule_round_day", args=[cast.luis_app.pk])
    response = client.post(url, day_form(cast, next_monday_at(10).date(), slot2_panel=[]))
    assert response.status_code == 422
    assert b"Choose who sits on this interview." in response.content
    assert b"Confirm and send invitations" not in response.content


def test_only_the_rounds_panel_may_sit_on_the_day(client, cast):
    """Nora is not on round 2's panel: the form does not offer her, and refuses her."""
    login(client, cast.harry)
    url = reverse("schedule_round_day", args=[cast.luis_app.pk])
    assert b"Nora" not in client.get(url).content
    response = client.post(
        url, day_form(cast, next_monday_at(10).date(), slot1_panel=[cast.nora.pk])
    )
    assert response.status_code == 422 and b"Select a valid choice" in response.content
