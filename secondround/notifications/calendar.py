"""Calendar files (.ics) for interviews, written with the icalendar library.

Each interview keeps one UID for its whole life and raises SEQUENCE on every change
(CalendarEvent), so that calendar programs update the event in place. Times are written in the
reader's time zone with its VTIMEZONE block (UTC when the zone is unknown), never floating.

Two versions of the same event:
- for members: the organiser, every attendee, the place, and a link to the interview kit;
- for the candidate: the organisation's sending address as organiser, the candidate as the
  only attendee, and the interviewers' names and titles in the description, never their
  e-mail addresses, never a link to the kit.
"""

import hashlib
from dataclasses import dataclass
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from secondround.hiring.models import Interview, InterviewStatus
from secondround.notifications.models import CalendarEvent
from secondround.timezones import zone_of

PRODID = "-//secondround//interviews//EN"


def base_url() -> str:
    # Empty only in production without the setting, which `check --deploy` reports.
    return (getattr(settings, "SECONDROUND_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def kit_url(interview: Interview) -> str:
    return base_url() + reverse("interview_kit", args=[interview.pk])


@dataclass(frozen=True)
class Stamp:
    """Which version of the event a file describes, and whether it withdraws it."""

    uid: str
    sequence: int
    cancelled: bool

    @classmethod
    def current(cls, interview: Interview) -> "Stamp":
        record = calendar_event(interview)
        cancelled = interview.status == InterviewStatus.CANCELLED
        return cls(record.uid, record.sequence, cancelled)


def calendar_event(interview: Interview) -> CalendarEvent:
    event, _ = CalendarEvent.objects.get_or_create(interview=interview)
    return event


def fingerprint(interview: Interview) -> str:
    """What an invitation says: a change to any of it is a new SEQUENCE."""
    panel = ",".join(str(pk) for pk in sorted(m.pk for m in interview.interviewers.all()))
    said = "|".join(
        [
            interview.starts_at.isoformat(),
            interview.ends_at.isoformat(),
            interview.location,
            interview.video_link,
            interview.status,
            panel,
        ]
    )
    return hashlib.sha256(said.encode()).hexdigest()


@transaction.atomic
def bump(interview: Interview) -> tuple[CalendarEvent, bool]:
    """Raise the interview's SEQUENCE if what its invitation says has changed. Returns the
    event and whether it changed (a first invitation counts as a change, at SEQUENCE 0)."""
    event, created = CalendarEvent.objects.select_for_update().get_or_create(interview=interview)
    now = fingerprint(interview)
    if created:
        event.fingerprint = now
        event.save(update_fields=["fingerprint"])
        return event, True
    if event.fingerprint == now:
        return event, False
    event.sequence += 1
    event.fingerprint = now
    event.save(update_fields=["sequence", "fingerprint", "updated_at"])
    return event, True


def _address(email: str, name: str = "", role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def organiser_of(interview: Interview):
    """Who scheduled the interview (its organiser, else its first audit event), else the
    job's hiring manager."""
    from secondround.audit.models import AuditEvent

    if getattr(interview, "organiser", None) is not None:
        return interview.organiser
    scheduled = (
        AuditEvent.objects.filter(target_type="hiring.interview", target_id=interview.pk)
        .exclude(actor=None)
        .select_related("actor__user")
        .order_by("pk")
        .first()
    )
    if scheduled is not None:
        return scheduled.actor
    return interview.application.job.hiring_manager


def where(interview: Interview) -> str:
    return " / ".join(part for part in (interview.location, interview.video_link) if part)


def _event(interview: Interview, stamp: "Stamp", zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", stamp.uid)
    event.add("sequence", stamp.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", interview.ends_at.astimezone(zone))
    event.add("status", "CANCELLED" if stamp.cancelled else "CONFIRMED")
    if where(interview):
        event.add("location", where(interview))
    if interview.video_link:
        event.add("url", interview.video_link)
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def member_event(interview: Interview, stamp: "Stamp", zone: ZoneInfo) -> Event:
    application = interview.application
    event = _event(interview, stamp, zone)
    event.add("summary", f"Interview: {application.candidate.name} ({application.job.title})")
    organiser = organiser_of(interview)
    if organiser is not None:
        event.add("organizer", _address(organiser.email, organiser.display_name))
    for person in interview.interviewers.all():
        event.add("attendee", _address(person.email, person.display_name, "REQ-PARTICIPANT"))
    lines = [
        f"{interview.round.name} for {application.job.title}.",
        f"Interview kit: {kit_url(interview)}",
    ]
    event.add("description", "\n".join(lines))
    return event


def member_ics(interview: Interview, zone: ZoneInfo, stamp: "Stamp | None" = None) -> bytes:
    """The members' invitation: REQUEST while it stands, CANCEL once cancelled."""
    stamp = stamp or Stamp.current(interview)
    calendar = _calendar("CANCEL" if stamp.cancelled else "REQUEST")
    calendar.add_component(member_event(interview, stamp, zone))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def panel_line(interview: Interview) -> str:
    """'Ana Ruiz (Staff Engineer), Chen Li'"""
    return ", ".join(
        f"{p.display_name} ({p.title})" if p.title else p.display_name
        for p in interview.interviewers.all()
    )


def candidate_ics(interview: Interview, stamp: "Stamp | None" = None) -> bytes:
    stamp = stamp or Stamp.current(interview)
    application = interview.application
    candidate = application.candidate
    organisation = application.job.organisation
    calendar = _calendar("CANCEL" if stamp.cancelled else "REQUEST")
    event = _event(interview, stamp, zone_of(candidate.timezone))
    event.add("summary", f"Interview with {organisation.name}: {application.job.title}")
    name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", _address(sender, name or organisation.name))
    event.add("attendee", _address(candidate.email, candidate.name, "REQ-PARTICIPANT"))
    event.add(
        "description",
        f"Your {interview.round.name.lower()} for {application.job.title} "
        f"at {organisation.name}.\nYou'll meet: {panel_line(interview)}.",
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(member, interviews) -> bytes:
    """A member's subscription feed: their interviews, without METHOD (a feed publishes, it
    does not invite)."""
    zone = zone_of(member.timezone)
    calendar = _calendar(None)
    calendar.add("x-wr-calname", f"Interviews ({member.display_name})")
    for interview in interviews:
        calendar.add_component(member_event(interview, Stamp.current(interview), zone))
    calendar.add_missing_timezones()
    return calendar.to_ical()
