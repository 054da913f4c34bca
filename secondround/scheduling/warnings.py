"""Conflict warnings shown before an interview is scheduled: a panel member already has an
overlapping interview, or the slot falls outside their working hours.

A warning names the other interview only when the reader may see it
(Interview.objects.visible_to); otherwise it says that the member is busy, and no more.
"""

from datetime import datetime

from django.utils import timezone

from secondround.hiring.models import Interview, InterviewStatus
from secondround.scheduling.models import describe, hours_of
from secondround.timezones import zone_of


def _clock(moment: datetime, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%H:%M")


def overlapping(person, starts_at: datetime, ends_at: datetime, exclude=None):
    clashes = (
        Interview.objects.filter(interviewers=person, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("application__candidate", "round")
    )
    if exclude is not None:
        clashes = clashes.exclude(pk__in=[exclude] if isinstance(exclude, int) else exclude)
    return clashes


def outside_hours(person, starts_at: datetime, ends_at: datetime) -> str | None:
    """The member's hours, described, when the slot falls outside them."""
    start, end, days = hours_of(person)
    zone = zone_of(person.timezone)
    local_start, local_end = timezone.localtime(starts_at, zone), timezone.localtime(ends_at, zone)
    inside = (
        local_start.weekday() in days
        and local_start.date() == local_end.date()
        and start <= local_start.time()
        and local_end.time() <= end
    )
    return None if inside else f"{describe(start, end, days)} {zone.key}"


def scheduling_warnings(
    member_reader, interviewers, starts_at: datetime, ends_at: datetime, exclude=None
) -> list[str]:
    """Plain sentences about the slot, for the person scheduling it (``member_reader``).
    ``exclude`` is an interview id (or ids) to leave out, such as the one being moved."""
    zone = zone_of(member_reader.timezone)
    visible = set(Interview.objects.visible_to(member_reader).values_list("pk", flat=True))
    warnings = []
    for person in interviewers:
        for other in overlapping(person, starts_at, ends_at, exclude):
            span = f"{_clock(other.starts_at, zone)}–{_clock(other.ends_at, zone)}"
            if other.pk in visible:
                what = f"{other.application.candidate.name}, {other.round.name} ({span})"
                warnings.append(f"{person.display_name} already has an interview then: {what}.")
            else:
                warnings.append(f"{person.display_name} already has another interview then.")
        hours = outside_hours(person, starts_at, ends_at)
        if hours:
            warnings.append(f"This is outside {person.display_name}'s working hours ({hours}).")
    return warnings
