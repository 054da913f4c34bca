"""Write functions for the concern ledger."""

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.concerns.models import Concern, ConcernStatus, ConcernType
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Application
from secondround.notifications import hooks as notifications


def _may_manage(member: Member, application: Application) -> bool:
    return member.has_oversight or application.job.hiring_manager_id == member.pk


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
    if type not in ConcernType.values:
        raise ActionError("Choose what kind of concern this is.", "type")
    if not title.strip():
        raise ActionError("Give the concern a short title.", "title")
    if owner is not None and owner.organisation_id != member.organisation_id:
        raise ActionError("The owner must be a member of your organisation.", "owner")
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
    if not _may_manage(member, concern.application) and concern.raised_by_id != member.pk:
        raise NotAllowed("Only the hiring team or the raiser can assign a concern.")
    if owner.organisation_id != member.organisation_id:
        raise ActionError("The owner must be a member of your organisation.", "owner")
    concern.owner = owner
    concern.save(update_fields=["owner"])
    record(member, "concern.assigned", concern, owner=owner.pk)
    notifications.on_concern_assigned(concern)
    return concern


@transaction.atomic
def do_resolve_concern(
    member: Member, concern: Concern, status: str, evidence: str, scorecard=None
) -> Concern:
    """Close a concern as resolved, confirmed or unresolvable, with evidence."""
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
    concern.status = status
    concern.resolution_evidence = evidence.strip()
    concern.resolved_by = member
    concern.resolved_at = timezone.now()
    concern.resolved_in = scorecard
    concern.save()
    record(member, "concern.closed", concern, status=status)
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
