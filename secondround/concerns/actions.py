"""Write functions for the concern ledger."""

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.concerns.models import RAISABLE_TYPES, Concern, ConcernStatus, ConcernType
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Application, Interview, InterviewStatus
from secondround.notifications import hooks as notifications


def _may_manage(member: Member, application: Application) -> bool:
    return member.has_oversight or application.job.hiring_manager_id == member.pk


def may_assign(member: Member, concern: Concern) -> bool:
    """The hiring team (admins, recruiters, the job's hiring manager) and the concern's raiser
    give a concern an owner, or a new one."""
    job = concern.application.job
    return member.organisation_id == job.organisation_id and (
        _may_manage(member, concern.application) or concern.raised_by_id == member.pk
    )


@transaction.atomic
def do_raise_concern(
    member: Member,
    application: Application,
    *,
    type: str,
    title: str,
    details: str = "",
    probe: str = "",
    blocking: bool = False,
    scorecard=None,
    owner: Member | None = None,
) -> Concern:
    """Raise a concern about an application, usually from the raiser's scorecard."""
    if application.job.organisation_id != member.organisation_id:
        raise NotAllowed("That application belongs to another organisation.")
    on_panel = application.interviews.filter(interviewers=member).exists()
    if not (on_panel or _may_manage(member, application)):
        raise NotAllowed("Only the candidate's interviewers and hiring team raise concerns.")
    if type not in {value for value, _ in RAISABLE_TYPES}:
        raise ActionError("Choose what kind of concern this is.", "type")
    if not title.strip():
        raise ActionError("Give the concern a short title.", "title")
    if owner is not None and owner.organisation_id != member.organisation_id:
        raise ActionError("The owner must be a member of your organisation.", "owner")
    # Blind feedback reads a concern's round from the scorecard it was raised in
    # (ConcernQuerySet.visible_to): that card must be the raiser's own, on this candidate.
    if scorecard is not None and (
        scorecard.author_id != member.pk or scorecard.interview.application_id != application.pk
    ):
        raise NotAllowed("A concern is raised from your own scorecard on this candidate.")
    concern = Concern.objects.create(
        application=application,
        type=type,
        title=title.strip(),
        details=details.strip(),
        probe=probe.strip(),
        blocking=blocking,
        raised_by=member,
        raised_in=scorecard,
        owner=owner,
    )
    record(member, "concern.raised", concern, blocking=blocking, type=type)
    notifications.on_concern_assigned(concern)
    return concern


@transaction.atomic
def do_assign_concern(member: Member, concern: Concern, owner: Member) -> Concern:
    """Hand a concern to the interviewer who will probe it next."""
    concern = (
        Concern.objects.select_for_update().select_related("application__job").get(pk=concern.pk)
    )
    if not may_assign(member, concern):
        raise NotAllowed("Only the hiring team or the raiser can assign a concern.")
    if owner.organisation_id != member.organisation_id:
        raise ActionError("The owner must be a member of your organisation.", "owner")
    if not owner.active:
        raise ActionError(f"{owner} no longer has an active account.", "owner")
    if not concern.is_open:
        raise ActionError(f"This concern is already {concern.get_status_display().lower()}.")
    previous = concern.owner_id
    if previous == owner.pk:
        return concern
    concern.owner = owner
    concern.save(update_fields=["owner"])
    record(member, "concern.assigned", concern, owner=owner.pk, previous_owner=previous)
    notifications.on_concern_assigned(concern)
    return concern


def open_evidence_request(
    approver: Member, application: Application, *, kind_label: str, request: str, owner: Member
) -> Concern:
    """The concern that an approver's request for more evidence becomes. Called by
    decisions.actions.do_give_verdict inside its transaction, after its own checks: the
    hiring manager (``owner``) owns it, since they revise the decision, and it blocks the
    next proposal until the evidence is in or a reason is given."""
    concern = Concern.objects.create(
        application=application,
        type=ConcernType.EVIDENCE_REQUEST,
        title=f"{approver.display_name} asks for {kind_label[:1].lower()}{kind_label[1:]}",
        details=request.strip(),
        blocking=True,
        raised_by=approver,
        owner=owner,
    )
    record(approver, "concern.raised", concern, blocking=True, type=concern.type)
    return concern


def _evidence_source(
    member: Member, concern: Concern, interview: Interview | None, scorecard
) -> Interview | None:
    """The interview the closing evidence came from, checked: it is one of this candidate's,
    it took place, and it has started. A scorecard brings its own interview. Only the hiring
    team may close with evidence from outside an interview (a reference, a work sample):
    an interviewer who owns a concern probes it in their interview."""
    if scorecard is not None:
        interview = scorecard.interview
    if interview is None:
        if _may_manage(member, concern.application):
            return None
        raise ActionError("Say which interview the evidence came from.", "interview")
    if interview.application_id != concern.application_id:
        raise ActionError("That interview is not one of this candidate's.", "interview")
    if interview.status == InterviewStatus.CANCELLED:
        raise ActionError("That interview was cancelled: it gave no evidence.", "interview")
    if interview.starts_at > timezone.now():
        from secondround.scorecards.actions import when

        raise ActionError(
            f"That interview has not started yet (it starts {when(interview.starts_at)}). "
            "Close the concern once it has given you the evidence.",
            "interview",
        )
    return interview


@transaction.atomic
def do_resolve_concern(
    member: Member,
    concern: Concern,
    status: str,
    evidence: str,
    scorecard=None,
    interview: Interview | None = None,
) -> Concern:
    """Close a concern as resolved, confirmed or unresolvable, with evidence, saying which
    interview the evidence came from (see _evidence_source)."""
    concern = (
        Concern.objects.select_for_update().select_related("application__job").get(pk=concern.pk)
    )
    if concern.application.job.organisation_id != member.organisation_id:
        raise NotAllowed("That concern belongs to another organisation.")
    if concern.owner_id != member.pk and not _may_manage(member, concern.application):
        raise NotAllowed("Only the concern's owner or the hiring team can close it.")
    if status not in (ConcernStatus.RESOLVED, ConcernStatus.CONFIRMED, ConcernStatus.UNRESOLVABLE):
        raise ActionError("Choose resolved, confirmed or unresolvable.", "status")
    if not evidence.strip():
        raise ActionError("Say what you found: closing a concern needs evidence.", "evidence")
    if not concern.is_open:
        raise ActionError(f"This concern is already {concern.get_status_display().lower()}.")
    source = _evidence_source(member, concern, interview, scorecard)
    concern.status = status
    concern.evidence_from = source
    concern.resolution_evidence = evidence.strip()
    concern.resolved_by = member
    concern.resolved_at = timezone.now()
    concern.resolved_in = scorecard
    concern.save()
    record(
        member,
        "concern.closed",
        concern,
        status=status,
        evidence_from=source.pk if source else None,
    )
    return concern


@transaction.atomic
def do_share_concern(member: Member, concern: Concern, shared: bool) -> Concern:
    """Choose whether the candidate sees this topic in their prep portal."""
    concern = (
        Concern.objects.select_for_update().select_related("application__job").get(pk=concern.pk)
    )
    if not _may_manage(member, concern.application):
        raise NotAllowed("Only the hiring team chooses what the candidate sees.")
    concern.shared_with_candidate = shared
    concern.save(update_fields=["shared_with_candidate"])
    record(member, "concern.shared" if shared else "concern.unshared", concern)
    return concern
