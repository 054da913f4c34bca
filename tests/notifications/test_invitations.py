"""Scheduling an interview invites each panel member and the candidate, with a calendar file
that two independent parsers read alike."""

from datetime import timedelta

from django.conf import settings

from secondround.notifications.models import Notification, Status
from tests.notifications.conftest import calendar_part, parse_both, to


def test_each_panel_member_and_the_candidate_get_one_invitation(dana_r2, cast, mailoutbox):
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.ivy.email, cast.ian.email, "dana@example.com"]
    )
    assert Notification.objects.filter(interview=dana_r2, status=Status.SENT).count() == 3


def test_member_invitation_links_the_kit_and_lists_every_attendee(dana_r2, cast, mailoutbox):
    [message] = to(mailoutbox, cast.ivy.email)
    assert message.subject.startswith("Interview with Dana Kim (Round 2), Mon ")
    assert f"/interviews/{dana_r2.pk}/kit/" in message.body
    assert "Room 3" in message.body and "Ivy (Staff Engineer)" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Open the interview kit" in html

    card, cal = parse_both(calendar_part(message))
    assert card.method.value == "REQUEST" and cal["method"] == "REQUEST"
    event = card.vevent
    assert event.uid.value == dana_r2.calendar_event.uid
    assert int(event.sequence.value) == 0
    assert event.dtstart.value == dana_r2.starts_at  # tz-aware, the same instant
    assert event.dtstart.value.tzinfo is not None
    assert event.dtend.value - event.dtstart.value == timedelta(hours=1)
    attendees = sorted(a.value.lower() for a in event.attendee_list)
    assert attendees == sorted(f"mailto:{m.email}" for m in (cast.ivy, cast.ian))
    assert event.organizer.value == f"mailto:{cast.alice.email}"
    assert f"http://127.0.0.1:8000/interviews/{dana_r2.pk}/kit/" in event.description.value
    assert "Room 3" in event.location.value


def test_candidate_invitation_names_the_panel_but_never_their_addresses(dana_r2, cast, mailoutbox):
    [message] = to(mailoutbox, "dana@example.com")
    assert message.subject.startswith("Your interview with Acme Test, Mon ")
    ics = calendar_part(message)
    card, cal = parse_both(ics)
    event = card.vevent
    assert event.uid.value == dana_r2.calendar_event.uid
    assert [a.value for a in event.attendee_list] == ["mailto:dana@example.com"]
    assert event.organizer.value == "mailto:noreply@localhost"
    assert "Ivy (Staff Engineer)" in event.description.value
    assert "Ian (Engineering Manager)" in event.description.value
    for leak in (cast.ivy.email, cast.ian.email, "/kit/", "/p/"):
        assert leak not in ics.decode()
        assert leak not in message.body
        assert leak not in message.alternatives[0][0]
    assert str(settings.DEFAULT_FROM_EMAIL) == message.from_email


def test_times_are_never_floating(dana_r2, cast, mailoutbox):
    """Written in the reader's zone with its VTIMEZONE, or in UTC."""
    cast.ivy.timezone = "Europe/Berlin"
    cast.ivy.save()
    from secondround.notifications.calendar import member_ics
    from secondround.timezones import zone_of

    ics = member_ics(dana_r2, zone_of("Europe/Berlin")).decode()
    assert "BEGIN:VTIMEZONE" in ics and "TZID:Europe/Berlin" in ics
    assert "DTSTART;TZID=Europe/Berlin:" in ics
    card, _ = parse_both(ics.encode())
    assert card.vevent.dtstart.value == dana_r2.starts_at
    utc = calendar_part(to(mailoutbox, cast.ian.email)[0]).decode()
    assert "DTSTART:" in utc and [line for line in utc.splitlines() if line.startswith("DTSTART")][
        0
    ].endswith("Z")


def test_an_interview_already_over_invites_nobody(cast, mailoutbox):
    """The cast's round-1 interviews took place last week: nothing was sent for them."""
    assert not Notification.objects.filter(interview=cast.dana_r1).exists()
    assert mailoutbox == []


def test_no_invitation_carries_a_colleagues_rating_or_notes(cast, commit, mailoutbox):
    """Ian submitted his round-1 scorecard on Dana; Ivy still owes hers. Her round-2
    invitation, and Dana's, point to the kit and carry none of it."""
    from secondround.hiring import actions as hiring
    from tests.conftest import fill_scorecard
    from tests.notifications.conftest import next_monday_at

    fill_scorecard(cast.ian, cast.dana_r1, value=4, recommendation="strong_yes")
    cast.dana.notes = "Internal: salary expectations high"
    cast.dana.save()
    start = next_monday_at(11)
    commit(
        hiring.do_schedule_interview,
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy],
    )
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        texts = [message.body, message.alternatives[0][0], calendar_part(message).decode()]
        for text in texts:
            for secret in ("Ian saw", "Strong yes", "strong_yes", "salary", "4 of 4"):
                assert secret not in text
