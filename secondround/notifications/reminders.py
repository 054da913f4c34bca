"""Scorecard reminders, decided by the clock passed in (tests pass their own `now`).

A reminder goes to each interviewer who has not submitted their scorecard, once the interview
has ended and SCORECARD_REMINDER_DELAY has passed, then at most once a day (the day counted
from the first reminder is the notification's version), for SCORECARD_REMINDER_DAYS days.
Never for a future or cancelled interview; none once the scorecard is submitted.
"""

from datetime import datetime, timedelta

from django.conf import settings

from secondround.hiring.models import Interview, InterviewStatus
from secondround.notifications.models import Kind
from secondround.notifications.outbox import record

DAY = timedelta(days=1)


def reminder_delay() -> timedelta:
    return timedelta(hours=getattr(settings, "SCORECARD_REMINDER_DELAY_HOURS", 2))


def reminder_days() -> int:
    return getattr(settings, "SCORECARD_REMINDER_DAYS", 14)


def reminder_day(interview: Interview, now: datetime) -> int | None:
    """Which daily reminder is due at ``now`` (0 = the first), or None when none is."""
    if interview.status == InterviewStatus.CANCELLED:
        return None
    first = interview.ends_at + reminder_delay()
    if now < first:
        return None
    day = (now - first) // DAY
    return day if day < reminder_days() else None


def still_owes(member, interview: Interview) -> bool:
    from secondround.scorecards.models import Scorecard, ScorecardStatus

    return not Scorecard.objects.filter(
        interview=interview, author=member, status=ScorecardStatus.SUBMITTED
    ).exists()


def record_due_reminders(now: datetime) -> list:
    """Record today's reminders for every scorecard still owed. Returns the new rows."""
    from secondround.scorecards.models import Scorecard, ScorecardStatus

    latest_end = now - reminder_delay()
    earliest_end = latest_end - reminder_days() * DAY
    interviews = (
        Interview.objects.exclude(status=InterviewStatus.CANCELLED)
        .filter(ends_at__lte=latest_end, ends_at__gt=earliest_end)
        .select_related("application__job")
        .prefetch_related("interviewers__user")
    )
    new = []
    for interview in interviews:
        day = reminder_day(interview, now)
        if day is None:
            continue
        submitted = set(
            Scorecard.objects.filter(
                interview=interview, status=ScorecardStatus.SUBMITTED
            ).values_list("author_id", flat=True)
        )
        for person in interview.interviewers.all():
            if person.pk in submitted:
                continue
            row = record(
                Kind.SCORECARD_REMINDER,
                interview,
                person.email,
                f"day-{day}",
                organisation_id=interview.application.job.organisation_id,
                member=person,
                interview=interview,
            )
            if row is not None:
                new.append(row)
    return new
