"""The candidate's .ics for one interview, written with icalendar.

Interim: the notifications app builds the invitations' calendar files; until its candidate
builder is on main, the portal writes this minimal one. Names and job titles of the panel,
never their e-mail addresses; times in the candidate's zone with its VTIMEZONE.
"""

from django.utils import timezone
from icalendar import Calendar, Event

from secondround.portal.presenters import zone_of


def candidate_ics(interview) -> bytes:
    application = interview.application
    candidate, job = application.candidate, application.job
    zone = zone_of(candidate.timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//secondround//candidate portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"portal-interview-{interview.pk}@secondround")
    event.add("sequence", 0)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", interview.ends_at.astimezone(zone))
    event.add("summary", f"Interview with {job.organisation.name}: {job.title}")
    where = ", ".join(p for p in (interview.location, interview.video_link) if p)
    if where:
        event.add("location", where)
    people = ", ".join(
        f"{p.display_name} ({p.title})" if p.title else p.display_name
        for p in interview.interviewers.all()
    )
    event.add("description", f"{interview.round.name} for {job.title}. You'll meet: {people}.")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
