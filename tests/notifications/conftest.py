"""Helpers for the notification tests: future interview times, committing a write so that
its notifications go out (pytest-django wraps each test in a transaction, so on_commit
callbacks run only when captured), and the calendar part of a sent message."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from django.utils import timezone

from secondround.hiring import actions as hiring


def next_monday_at(hour: int, weeks: int = 1) -> datetime:
    """A Monday ``weeks`` ahead at ``hour`` UTC: in the future and inside working hours."""
    today = timezone.now().astimezone(UTC).date()
    monday = today + timedelta(days=7 * weeks - today.weekday())
    return datetime(monday.year, monday.month, monday.day, hour, tzinfo=UTC)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: its queued deliveries run (the tests use
    django-tasks' ImmediateBackend, so they send at once)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def dana_r2(cast, commit, mailoutbox):
    """Dana's round-2 interview next Monday 10:00-11:00 UTC with Ivy and Ian, invitations
    sent; the outbox is emptied afterwards unless a test reads it first."""
    start = next_monday_at(10)
    interview = commit(
        hiring.do_schedule_interview,
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy, cast.ian],
        location="Room 3",
        video_link="https://meet.example.com/dana",
    )
    return interview


def reschedule(member, interview, *, starts_at, ends_at, interviewers=None):
    return hiring.do_reschedule_interview(
        member, interview, starts_at=starts_at, ends_at=ends_at, interviewers=interviewers
    )


def cancel(member, interview):
    return hiring.do_cancel_interview(member, interview, reason="Position filled")


def calendar_part(message):
    """The text/calendar attachment of a sent message, as bytes."""
    for part in message.attachments:
        if hasattr(part, "get_content_type") and part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True)
    raise AssertionError(f"no calendar attachment in {message.subject!r}")


def parse_both(ics: bytes):
    """Parse with vobject (independent of the library that wrote it) and icalendar."""
    return vobject.readOne(ics.decode()), icalendar.Calendar.from_ical(ics)


def to(mailoutbox, email: str):
    return [m for m in mailoutbox if m.to == [email]]
