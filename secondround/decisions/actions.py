"""Write functions for decisions and their approval chain."""

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.concerns.actions import open_evidence_request
from secondround.concerns.models import Concern
from secondround.decisions.models import (
    GIVEN_VERDICTS,
    ApprovalStep,
    Decision,
    DecisionPolicy,
    DecisionStatus,
    EvidenceKind,
    Outcome,
    Verdict,
    approvers_are_advisory,
)
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.application_actions import change_stage
from secondround.hiring.models import Application, Stage
from secondround.notifications import hooks as notifications
from secondround.scorecards.models import owes_a_scorecard
from secondround.scorecards.progress import describe_outstanding, outstanding_seats


def may_decide(member: Member, application: Application) -> bool:
    return member.organisation_id == application.job.organisation_id and (
        member.is_admin or application.job.hiring_manager_id == member.pk
    )


@transaction.atomic
def do_propose_decision(
    member: Member,
    application: Application,
    *,
    outcome: str,
    summary: str,
    rationale: dict[str, str],
    approvers: list[Member],
    override_reason: str = "",
    incomplete_reason: str = "",
    revises: Decision | None = None,
) -> Decision:
    """Propose hire / no hire / hold. Two things stop it unless a written reason says why the
    team goes ahead, and the record keeps each reason: an open blocking concern, and a panel
    whose scorecards are not all in (a draft, one not started, an interview still to come).

    ``revises`` is the sent-back decision that this proposal revises: it keeps its verdicts,
    and the new one is its next version."""
    application = (
        Application.objects.select_for_update().select_related("job").get(pk=application.pk)
    )
    if not may_decide(member, application):
        raise NotAllowed("Only the job's hiring manager or an admin proposes a decision.")
    if outcome not in Outcome.values:
        raise ActionError("Choose hire, no hire or hold.", "outcome")
    if not summary.strip():
        raise ActionError("Write the reasoning behind the decision.", "summary")
    if Decision.objects.filter(
        application=application, status__in=[DecisionStatus.PENDING, DecisionStatus.APPROVED]
    ).exists():
        raise ActionError("A decision for this candidate is already under way.")
    version = _check_revision(application, revises)
    blocking = list(Concern.objects.filter(application=application).blocking_open())
    if blocking and not override_reason.strip():
        titles = ", ".join(c.title for c in blocking)
        raise ActionError(
            f"Blocked by {len(blocking)} open blocking concern(s): {titles}. Resolve them, "
            "or give a written reason to override.",
            "override_reason",
        )
    missing = outstanding_seats(application)
    if missing and not incomplete_reason.strip():
        raise ActionError(
            f"{len(missing)} scorecard{'s are' if len(missing) > 1 else ' is'} not in yet: "
            f"{describe_outstanding(missing)}. Wait for "
            f"{'them' if len(missing) > 1 else 'it'}, or give a written reason to go ahead "
            "without.",
            "incomplete_reason",
        )
    if not approvers:
        raise ActionError("Choose at least one approver.", "approvers")
    if len({a.pk for a in approvers}) != len(approvers):
        raise ActionError("Each approver can appear only once in the chain.", "approvers")
    for approver in approvers:
        if approver.organisation_id != member.organisation_id or not approver.is_approver:
            raise ActionError(f"{approver} is not an approver here.", "approvers")
    from secondround.calibration.models import CalibrationSnapshot

    snapshot = CalibrationSnapshot.objects.latest_for(member.organisation_id)
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        summary=summary.strip(),
        rationale={k: v.strip() for k, v in rationale.items() if v.strip()},
        proposed_by=member,
        proposed_at=timezone.now(),
        override_reason=override_reason.strip() if blocking else "",
        overridden_concerns=[c.pk for c in blocking],
        incomplete_reason=incomplete_reason.strip() if missing else "",
        missing_scorecards=[seat.as_record() for seat in missing],
        previous=revises,
        version=version,
        snapshot=snapshot,
        scores_at_decision=_scores_for(snapshot, application),
    )
    for order, approver in enumerate(approvers, start=1):
        ApprovalStep.objects.create(decision=decision, order=order, approver=approver)
    change_stage(member, application, Stage.DECISION)
    record(
        member,
        "decision.resubmitted" if revises else "decision.proposed",
        decision,
        outcome=outcome,
        version=version,
        revises=revises.pk if revises else None,
        overridden_concerns=decision.overridden_concerns,
        missing_scorecards=len(missing),
        incomplete_reason_given=bool(decision.incomplete_reason),
    )
    if blocking:
        record(member, "decision.override", decision, concerns=decision.overridden_concerns)
    notifications.on_approval_turn(decision)
    return decision


def _check_revision(application: Application, revises: Decision | None) -> int:
    """The version number of a new proposal; a revision must revise the application's
    latest decision, sent back by an approver and not yet revised."""
    if revises is None:
        return 1
    revises = Decision.objects.select_for_update().get(pk=revises.pk)
    if revises.application_id != application.pk:
        raise ActionError("That decision is about another candidate.")
    if not revises.is_sent_back:
        raise ActionError("Only a decision that an approver sent back can be revised.")
    if Decision.objects.filter(previous=revises).exists():
        raise ActionError("This decision was already revised; revise the latest version.")
    return revises.version + 1


def sent_back_decision(application: Application) -> Decision | None:
    """The application's latest decision if an approver sent it back and nobody revised it
    yet: the one a new proposal revises."""
    latest = Decision.objects.filter(application=application).order_by("-proposed_at", "-pk")
    decision = latest.first()
    if decision is None or not decision.is_sent_back:
        return None
    if Decision.objects.filter(previous=decision).exists():
        return None
    return decision


def _scores_for(snapshot, application: Application) -> dict:
    if snapshot is None:
        return {}
    for row in snapshot.result.get("candidates", []):
        if row.get("candidate") == str(application.pk):
            return row
    return {}


def current_step(decision: Decision) -> ApprovalStep | None:
    return decision.steps.filter(verdict=Verdict.WAITING).order_by("order").first()


@transaction.atomic
def do_give_verdict(
    member: Member,
    decision: Decision,
    verdict: str,
    rationale: str,
    evidence_kind: str = "",
) -> Decision:
    """The current approver approves, rejects, or asks for more evidence, with a rationale.

    - Approve: the next approver's turn; the last approval settles the decision.
    - Reject: by default it stops the decision (sent back to the hiring manager, who may
      revise and resubmit it). With advisory approvers (DecisionPolicy) the rejection stays
      on record as dissent and the decision passes on; the last approver settles it.
    - Request more evidence (another interview, a reference, a work sample): it sends the
      decision back, and the request becomes a blocking concern that the hiring manager
      owns.

    An approver who sits on the candidate's panel gives a verdict only after submitting
    their own scorecard, so that it rests on their own view."""
    decision = (
        Decision.objects.select_for_update().select_related("application__job").get(pk=decision.pk)
    )
    if decision.status != DecisionStatus.PENDING:
        raise ActionError("This decision is no longer awaiting approval.")
    step = current_step(decision)
    if step is None or step.approver_id != member.pk:
        raise NotAllowed("It is not your turn to approve this decision.")
    application = decision.application
    if owes_a_scorecard(member, application):
        raise ActionError(
            f"You sit on {application.candidate.first_name}'s panel: submit your own "
            "scorecard first, then give your verdict.",
            "verdict",
        )
    if verdict not in GIVEN_VERDICTS:
        raise ActionError("Choose approve, reject or ask for more evidence.", "verdict")
    if verdict == Verdict.MORE_EVIDENCE and evidence_kind not in EvidenceKind.values:
        raise ActionError(
            "Say what evidence you need: another interview, a reference or a work sample.",
            "evidence_kind",
        )
    if not rationale.strip():
        message = (
            "Say what the evidence should show: the hiring manager acts on it."
            if verdict == Verdict.MORE_EVIDENCE
            else "Give your reasoning: the record keeps each view."
        )
        raise ActionError(message, "rationale")
    now = timezone.now()
    step.verdict = verdict
    step.rationale = rationale.strip()
    step.decided_at = now
    if verdict == Verdict.MORE_EVIDENCE:
        step.evidence_kind = evidence_kind
        step.evidence_concern = open_evidence_request(
            member,
            application,
            kind_label=EvidenceKind(evidence_kind).label,
            request=step.rationale,
            # The job's hiring manager revises the decision; without one, its proposer.
            owner=application.job.hiring_manager or decision.proposed_by,
        )
    step.save()
    record(member, f"decision.{verdict}", decision, step=step.order)
    settled = _settles(decision, verdict)
    if settled is not None:
        decision.status = settled
        decision.decided_at = now
        decision.save(update_fields=["status", "decided_at"])
        if settled == DecisionStatus.APPROVED and decision.outcome != Outcome.HOLD:
            # The one path to "hired": change_stage checks the approved decision itself.
            outcome = Stage.HIRED if decision.outcome == Outcome.HIRE else Stage.REJECTED
            change_stage(member, application, outcome, note=f"Decision {decision.pk}")
        record(member, "decision.settled", decision, status=decision.status)
        notifications.on_decision_settled(decision)
    else:
        notifications.on_approval_turn(decision)
    return decision


def _settles(decision: Decision, verdict: str) -> str | None:
    """The status this verdict leaves the decision in, or None while it stays pending."""
    if verdict == Verdict.MORE_EVIDENCE:
        return DecisionStatus.MORE_EVIDENCE
    last = current_step(decision) is None
    if verdict == Verdict.REJECTED and (
        last or not approvers_are_advisory(decision.application.job.organisation_id)
    ):
        return DecisionStatus.REJECTED
    if last:
        return DecisionStatus.APPROVED if verdict == Verdict.APPROVED else DecisionStatus.REJECTED
    return None


@transaction.atomic
def do_set_decision_policy(member: Member, *, approvers_advisory: bool) -> DecisionPolicy:
    """Choose whether approvers decide (a rejection stops the decision, the default) or
    advise (a rejection is recorded as dissent and the decision passes on)."""
    if not member.is_admin:
        raise NotAllowed("Only an admin changes how approvals work.")
    policy, _ = DecisionPolicy.objects.select_for_update().get_or_create(
        organisation_id=member.organisation_id
    )
    if policy.approvers_advisory != approvers_advisory:
        policy.approvers_advisory = approvers_advisory
        policy.save(update_fields=["approvers_advisory"])
        record(member, "decision_policy.changed", policy, approvers_advisory=approvers_advisory)
    return policy


@transaction.atomic
def do_withdraw_decision(member: Member, decision: Decision, reason: str) -> Decision:
    decision = (
        Decision.objects.select_for_update().select_related("application__job").get(pk=decision.pk)
    )
    if not may_decide(member, decision.application):
        raise NotAllowed("Only the hiring manager or an admin withdraws a decision.")
    if decision.status != DecisionStatus.PENDING:
        raise ActionError("Only a decision awaiting approval can be withdrawn.")
    if not reason.strip():
        raise ActionError("Say why the decision is withdrawn.", "reason")
    decision.status = DecisionStatus.WITHDRAWN
    decision.decided_at = timezone.now()
    decision.withdraw_reason = reason.strip()
    decision.save(update_fields=["status", "decided_at", "withdraw_reason"])
    # Typed reasons stay on the record, never in the append-only trail: erasure can clear
    # the record, and a reason may name the candidate.
    record(member, "decision.withdrawn", decision)
    return decision


@transaction.atomic
def do_replace_approver(member: Member, step: ApprovalStep, approver: Member) -> ApprovalStep:
    """Put another approver in a waiting step whose approver has left (been deactivated), so
    that the decision can go on. Admins and recruiters do it; the chain keeps its order."""
    from secondround.accounts.handover import assign_step

    step = (
        ApprovalStep.objects.select_for_update()
        .select_related("decision__application__job", "approver")
        .get(pk=step.pk)
    )
    organisation_id = step.decision.application.job.organisation_id
    if not (member.has_oversight and member.organisation_id == organisation_id):
        raise NotAllowed("Only admins and recruiters replace an approver.")
    if step.decision.status != DecisionStatus.PENDING or step.verdict != Verdict.WAITING:
        raise ActionError("This approval step is no longer waiting.")
    if approver.organisation_id != organisation_id:
        raise ActionError("Choose an approver of your organisation.", "approver")
    before = step.approver_id
    assign_step(step, approver)
    record(
        member,
        "decision.approver_replaced",
        step.decision,
        step=step.order,
        before=before,
        after=approver.pk,
    )
    return step
