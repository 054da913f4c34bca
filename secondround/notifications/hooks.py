"""What each change sends, and to whom. Write functions call these one-liners inside their
transaction; the rows they record are delivered after the commit.

    notifications.on_interview_changed(interview)   scheduled, rescheduled, panel changed, cancelled
    notifications.on_approval_turn(decision)        the next approver's turn has come
    notifications.on_decision_settled(decision)     the chain has settled the decision
    notifications.on_concern_assigned(concern)      a concern was handed to its owner
"""

from django.utils import timezone

from secondround.notifications.models import INTERVIEW_KINDS, Kind, Notification
from secondround.notifications.outbox import deliver_after_commit, record


def on_interview_changed(interview) -> None:
    """Invitations for a new interview, changes for a changed one, cancellations for a
    cancelled one (and for members taken off the panel), each with its calendar file. An
    interview already over is nobody's news."""
    from secondround.hiring.models import Interview, InterviewStatus
    from secondround.notifications.calendar import bump

    interview = Interview.objects.select_related("application__candidate", "application__job").get(
        pk=interview.pk
    )
    event, changed = bump(interview)
    if not changed or interview.ends_at <= timezone.now():
        return
    cancelled = interview.status == InterviewStatus.CANCELLED
    # Who holds the event in their calendar now: told before, and not since withdrawn.
    holding = {}
    earlier = Notification.objects.filter(interview=interview, kind__in=INTERVIEW_KINDS)
    for row in earlier.order_by("pk").select_related("recipient_member__user"):
        holding[row.recipient_email] = row.recipient_member
        if row.kind == Kind.CANCELLATION:
            del holding[row.recipient_email]
    candidate = interview.application.candidate
    people = {p.email.lower(): p for p in interview.interviewers.select_related("user")}
    people[candidate.email.lower()] = None
    if cancelled:
        updates = [(Kind.CANCELLATION, email, member) for email, member in holding.items()]
    else:
        updates = [
            (Kind.CHANGE if email in holding else Kind.INVITATION, email, member)
            for email, member in people.items()
        ]
        # Members taken off the panel get the event withdrawn from their calendar.
        updates += [
            (Kind.CANCELLATION, email, member)
            for email, member in holding.items()
            if email not in people
        ]
    org = interview.application.job.organisation_id
    new = [
        record(kind, interview, email, event.sequence, organisation_id=org, member=member,
               interview=interview)
        for kind, email, member in updates
    ]  # fmt: skip
    deliver_after_commit(new)


def on_approval_turn(decision) -> None:
    """Ask the approver whose turn it is, once per step."""
    from secondround.decisions.actions import current_step
    from secondround.decisions.models import DecisionStatus

    if decision.status != DecisionStatus.PENDING:
        return
    step = current_step(decision)
    if step is None:
        return
    approver = step.approver
    org = decision.application.job.organisation_id
    deliver_after_commit(
        [
            record(
                Kind.APPROVAL_REQUEST,
                decision,
                approver.email,
                step.order,
                organisation_id=org,
                member=approver,
            )
        ]
    )


def decision_team(decision) -> list:
    """Who hears that a decision is made: the job's hiring manager, whoever proposed it and
    the approvers on its chain, all of whom may open the decision record."""
    people = [decision.application.job.hiring_manager, decision.proposed_by]
    people += [step.approver for step in decision.steps.select_related("approver__user")]
    unique = {}
    for person in people:
        if person is not None:
            unique.setdefault(person.pk, person)
    return list(unique.values())


def on_decision_settled(decision) -> None:
    org = decision.application.job.organisation_id
    deliver_after_commit(
        [
            record(
                Kind.DECISION_MADE,
                decision,
                person.email,
                decision.status,
                organisation_id=org,
                member=person,
            )
            for person in decision_team(decision)
        ]
    )


def interview_for_concern(concern):
    """The interview where the owner will probe the concern: their next one with the
    candidate, else their latest."""
    from secondround.hiring.models import InterviewStatus

    theirs = (
        concern.application.interviews.filter(interviewers=concern.owner)
        .exclude(status=InterviewStatus.CANCELLED)
        .order_by("starts_at")
    )
    return theirs.filter(ends_at__gt=timezone.now()).first() or theirs.last()


def on_concern_assigned(concern) -> None:
    owner = concern.owner
    if owner is None:
        return
    org = concern.application.job.organisation_id
    deliver_after_commit(
        [
            record(
                Kind.CONCERN_ASSIGNED,
                concern,
                owner.email,
                owner.pk,
                organisation_id=org,
                member=owner,
                interview=interview_for_concern(concern),
            )
        ]
    )
