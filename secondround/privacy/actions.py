"""Write functions for candidates' personal data: access exports, erasure, retention.

Each is one transaction and one audit event. The events hold ids and counts, never the
candidate's name or e-mail (audit events keep personal fields only as "changed")."""

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member, Organisation
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Application, Candidate
from secondround.privacy.access import candidate_record
from secondround.privacy.erasure import anonymise
from secondround.privacy.models import Erasure, ErasureReason, RetentionPolicy
from secondround.privacy.signals import candidate_erased
from secondround.scorecards.actions import do_record_feedback_view
from secondround.scorecards.models import Scorecard, owes_a_scorecard

MONTHS_MAX = 120


def may_manage_personal_data(member: Member | None, organisation_id: int | None = None) -> bool:
    """Admins of the organisation answer access requests, erase candidates and set retention."""
    if member is None or not member.active or not member.is_admin:
        return False
    return organisation_id is None or member.organisation_id == organisation_id


def _check(member: Member, candidate: Candidate) -> None:
    if not may_manage_personal_data(member, candidate.organisation_id):
        raise NotAllowed("Only admins handle candidates' personal data.")


@transaction.atomic
def do_export_candidate_data(member: Member, candidate: Candidate, file_format: str) -> dict:
    """Everything held about the candidate (privacy.access), for an access request."""
    _check(member, candidate)
    applications = Application.objects.filter(candidate=candidate)
    if any(owes_a_scorecard(member, app) for app in applications):
        # Blind feedback holds for admins too: the export holds colleagues' scorecards.
        raise NotAllowed(
            "You still owe your scorecard on this candidate: submit it first, or ask another "
            "admin to export their data (colleagues' feedback stays hidden until you submit)."
        )
    data = candidate_record(candidate, member)
    for app in applications:
        others = Scorecard.objects.visible_to(member).filter(interview__application=app)
        if others.exclude(author=member).exists():
            do_record_feedback_view(member, app)  # the independence audit's first view
    record(member, "candidate.access_exported", candidate, format=file_format)
    return data


@transaction.atomic
def do_erase_candidate(
    member: Member | None,
    candidate: Candidate,
    *,
    reason: str = ErasureReason.REQUEST,
    confirmation: str | None = None,
) -> Erasure:
    """Anonymise the candidate (privacy.erasure). A member must be an admin and type the
    candidate's name to confirm; the retention policy acts with no member."""
    if member is not None:
        _check(member, candidate)
        if (confirmation or "").strip().casefold() != candidate.name.strip().casefold():
            raise ActionError("Type the candidate's full name to confirm.", "confirmation")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if Erasure.objects.filter(candidate=candidate).exists():
        raise ActionError("This candidate was already anonymised.")
    counts = anonymise(candidate)
    erasure = Erasure.objects.create(candidate=candidate, erased_by=member, reason=reason)
    candidate_erased.send(sender=Erasure, candidate=candidate)
    record(
        member,
        "candidate.erased",
        candidate,
        organisation=candidate.organisation,
        reason=reason,
        personal_fields="changed",
        **counts,
    )
    return erasure


@transaction.atomic
def do_save_retention_policy(member: Member, *, enabled: bool, months: int) -> RetentionPolicy:
    if not may_manage_personal_data(member):
        raise NotAllowed("Only admins set the retention policy.")
    if not 1 <= months <= MONTHS_MAX:
        raise ActionError(f"Give a number of months between 1 and {MONTHS_MAX}.", "months")
    policy, _ = RetentionPolicy.objects.update_or_create(
        organisation_id=member.organisation_id,
        # last_run_at cleared: the periodic job applies a changed policy on its next run.
        defaults={"enabled": enabled, "months": months, "updated_by": member, "last_run_at": None},
    )
    record(member, "retention.policy_saved", policy, enabled=enabled, months=months)
    return policy


@transaction.atomic
def do_record_retention_run(organisation: Organisation, anonymised: list[int], now=None) -> None:
    """The periodic job applied the organisation's policy (each erasure has its own event)."""
    policy = RetentionPolicy.objects.select_for_update().get(organisation=organisation)
    policy.last_run_at = now or timezone.now()
    policy.save(update_fields=["last_run_at"])
    record(None, "retention.applied", policy, organisation, anonymised=anonymised)
