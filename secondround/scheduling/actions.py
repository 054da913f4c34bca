"""Write functions for working hours and for scheduling a round-2 day in one step."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring import actions as hiring
from secondround.hiring.models import Application, Interview, Round
from secondround.scheduling.models import WorkingHours
from secondround.timezones import zone_of


@transaction.atomic
def do_save_working_hours(member: Member, *, start: time, end: time, days: list[int]):
    if end <= start:
        raise ActionError("The end of your day must come after its start.", "end")
    if not days or any(d not in range(7) for d in days):
        raise ActionError("Choose at least one working day.", "days")
    hours, _ = WorkingHours.objects.update_or_create(
        member=member, defaults={"start": start, "end": end, "days": sorted(set(days))}
    )
    record(member, "working_hours.saved", hours, start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    return hours


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime
    interviewers: list[Member]


def plan_day(
    day: date, start: time, zone_name: str, lengths: list[int], break_minutes: int
) -> list[tuple[datetime, datetime]]:
    """Back-to-back slots of the given lengths (minutes), with a break between each."""
    moment = datetime.combine(day, start, tzinfo=zone_of(zone_name))
    slots = []
    for minutes in lengths:
        slots.append((moment, moment + timedelta(minutes=minutes)))
        moment += timedelta(minutes=minutes + break_minutes)
    return slots


def may_schedule(member: Member, application: Application) -> bool:
    """Who organises interviews (as hiring.actions allows): admins, recruiters and the job's
    hiring manager."""
    job = application.job
    return job.organisation_id == member.organisation_id and (
        member.has_oversight
        or (member.is_hiring_manager and job.hiring_manager_id in (None, member.pk))
    )


@transaction.atomic
def do_schedule_round_day(
    member: Member,
    application: Application,
    round: Round,
    slots: list[Slot],
    *,
    location: str = "",
    video_link: str = "",
) -> list[Interview]:
    """Schedule a candidate's whole day at once: every interview, or none. The invitations
    are recorded with each interview and go out together once the day commits."""
    if not may_schedule(member, application):
        raise NotAllowed(
            "Only recruiters, admins and the job's hiring manager schedule interviews."
        )
    if not slots:
        raise ActionError("Add at least one interview to the day.", "slots")
    panel = set(round.panel.values_list("pk", flat=True))
    for number, slot in enumerate(slots, start=1):
        if not slot.interviewers:
            raise ActionError(f"Choose the panel for interview {number}.", "slots")
        outside = [p.display_name for p in slot.interviewers if p.pk not in panel]
        if outside:
            raise ActionError(f"Not on the {round.name} panel: {', '.join(outside)}.", "slots")
    interviews = [
        hiring.do_schedule_interview(
            member,
            application,
            round,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            interviewers=slot.interviewers,
            location=location,
            video_link=video_link,
        )
        for slot in slots
    ]
    record(
        member,
        "round_day.scheduled",
        application,
        round=round.pk,
        interviews=[i.pk for i in interviews],
    )
    return interviews
