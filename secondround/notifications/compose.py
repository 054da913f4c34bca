"""Each notification's e-mail: subject, text and HTML bodies, and a calendar file for
interviews. Bodies carry no ratings, evidence or notes: they say what happened and link to the
page, where the read filters decide what the reader sees."""

from datetime import datetime
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from secondround.notifications.calendar import (
    Stamp,
    base_url,
    calendar_event,
    candidate_ics,
    kit_url,
    member_ics,
    panel_line,
    where,
)
from secondround.notifications.models import INTERVIEW_KINDS, Kind, Notification
from secondround.timezones import zone_of


class Skip(Exception):
    """Nothing to send any more (the reason goes to the delivery log)."""


def when(moment: datetime, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%a %-d %b %Y, %H:%M")


def compose(notification: Notification, now: datetime) -> EmailMultiAlternatives:
    target = _target(notification)
    if target is None:
        raise Skip("The record it was about no longer exists.")
    build = {
        Kind.SCORECARD_REMINDER: _scorecard_reminder,
        Kind.APPROVAL_REQUEST: _approval_request,
        Kind.DECISION_MADE: _decision_made,
        Kind.CONCERN_ASSIGNED: _concern_assigned,
    }.get(notification.kind, _interview)
    subject, template, context, calendar = build(notification, target)
    context |= {"base_url": base_url(), "settings_url": base_url() + reverse("my_settings")}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient_email],
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    if calendar is not None:
        ics, method = calendar
        part = MIMEText(ics.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(part)
    return message


def _target(notification: Notification):
    from django.apps import apps

    model = apps.get_model(notification.target_type)
    return model._base_manager.filter(pk=notification.target_id).first()


def _url(name: str, *args) -> str:
    return base_url() + reverse(name, args=args)


def _interview(notification: Notification, interview):
    """Invitation, change or cancellation; for a member or for the candidate."""
    newer = Notification.objects.filter(
        interview=interview,
        kind__in=INTERVIEW_KINDS,
        recipient_email=notification.recipient_email,
    ).values_list("version", flat=True)
    if any(int(v) > int(notification.version) for v in newer):
        raise Skip("A newer version of this invitation was sent instead.")
    cancelled = notification.kind == Kind.CANCELLATION
    stamp = Stamp(calendar_event(interview).uid, int(notification.version), cancelled)
    application = interview.application
    candidate, job = application.candidate, application.job
    member = notification.recipient_member
    zone = zone_of(member.timezone if member else candidate.timezone)
    context = {
        "kind": notification.kind,
        "interview": interview,
        "candidate": candidate,
        "job": job,
        "organisation": job.organisation,
        "when": f"{when(interview.starts_at, zone)}–"
        f"{timezone.localtime(interview.ends_at, zone):%H:%M} ({zone.key})",
        "where": where(interview),
        "panel": panel_line(interview),
        "member": member,
    }
    verb = {Kind.INVITATION: "", Kind.CHANGE: "Changed: ", Kind.CANCELLATION: "Cancelled: "}
    prefix = verb[notification.kind]
    method = "CANCEL" if cancelled else "REQUEST"
    if member is None:
        start = when(interview.starts_at, zone)
        subject = f"{prefix}Your interview with {job.organisation.name}, {start}"
        return subject, "interview_candidate", context, (candidate_ics(interview, stamp), method)
    context["kit_url"] = kit_url(interview)
    start = when(interview.starts_at, zone)
    subject = f"{prefix}Interview with {candidate.name} ({interview.round.name}), {start}"
    return subject, "interview_member", context, (member_ics(interview, zone, stamp), method)


def _scorecard_reminder(notification: Notification, interview):
    from secondround.hiring.models import InterviewStatus
    from secondround.notifications.reminders import still_owes

    member = notification.recipient_member
    if member is None or interview.status == InterviewStatus.CANCELLED:
        raise Skip("The interview was cancelled.")
    if not still_owes(member, interview):
        raise Skip("The scorecard was submitted.")
    candidate = interview.application.candidate
    context = {
        "member": member,
        "interview": interview,
        "candidate": candidate,
        "job": interview.application.job,
        "ended": when(interview.ends_at, zone_of(member.timezone)),
        "scorecard_url": _url("scorecard", interview.pk),
    }
    subject = f"Scorecard due: {candidate.name} ({interview.round.name})"
    return subject, "scorecard_reminder", context, None


def _approval_request(notification: Notification, decision):
    from secondround.decisions.actions import current_step
    from secondround.decisions.models import DecisionStatus

    step = current_step(decision)
    member = notification.recipient_member
    if decision.status != DecisionStatus.PENDING or step is None or step.approver != member:
        raise Skip("It is no longer this approver's turn.")
    candidate = decision.application.candidate
    context = {
        "member": member,
        "decision": decision,
        "candidate": candidate,
        "job": decision.application.job,
        "step": step,
        "steps": decision.steps.count(),
        "decision_url": _url("decision", decision.pk),
    }
    subject = f"Your approval: {decision.get_outcome_display()} for {candidate.name}"
    return subject, "approval_request", context, None


def _decision_made(notification: Notification, decision):
    candidate = decision.application.candidate
    context = {
        "member": notification.recipient_member,
        "decision": decision,
        "candidate": candidate,
        "job": decision.application.job,
        "record_url": _url("decision_record", decision.pk),
    }
    subject = (
        f"Decision made: {decision.get_outcome_display()} for {candidate.name} "
        f"({decision.get_status_display().lower()})"
    )
    return subject, "decision_made", context, None


def _concern_assigned(notification: Notification, concern):
    from secondround.concerns.models import Concern

    member = notification.recipient_member
    if member is None or concern.owner_id != member.pk:
        raise Skip("The concern was handed to someone else.")
    if not concern.is_open:
        raise Skip("The concern was closed.")
    # Only what the owner may see: the concern itself once they can see the candidate.
    visible = Concern.objects.visible_to(member).filter(pk=concern.pk).exists()
    interview = notification.interview
    context = {
        "member": member,
        "concern": concern if visible else None,
        "candidate": concern.application.candidate if visible else None,
        "job": concern.application.job if visible else None,
        "interview": interview if visible else None,
        "when": when(interview.starts_at, zone_of(member.timezone)) if interview else "",
        "kit_url": kit_url(interview) if visible and interview else "",
    }
    subject = (
        f"A concern for you to probe: {concern.application.candidate.name}"
        if visible
        else "A concern was handed to you"
    )
    return subject, "concern_assigned", context, None
