"""Write functions for decisions and their approval chain."""

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.concerns.models import Concern
from secondround.decisions.models import (
    ApprovalStep,
    Decision,
    DecisionStatus,
    Outcome,
    Verdict,
)
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.application_actions import change_stage
from secondround.hiring.models import Application, Stage


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
) -> Decision:
    """Propose hire / no hire / hold. Open blocking concerns stop it unless overridden with a
    written reason, which is kept on the record."""
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
    blocking = list(Concern.objects.filter(application=application).blocking_open())
    if blocking and not override_reason.strip():
        titles = ", ".join(c.title for c in blocking)
        raise ActionError(
            f"Blocked by {len(blocking)} open blocking concern(s): {titles}. Resolve them, "
            "or give a written reason to override.",
            "override_reason",
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
        snapshot=snapshot,
        scores_at_decision=_scores_for(snapshot, application),
    )
    for order, approver in enumerate(approvers, start=1):
        ApprovalStep.objects.create(decision=decision, order=order, approver=approver)
    change_stage(member, application, Stage.DECISION)
    record(
        member,
        "decision.proposed",
        decision,
        outcome=outcome,
        overridden_concerns=decision.overridden_concerns,
    )
    if blocking:
        record(member, "decision.override", decision, reason=decision.override_reason)
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
def do_give_verdict(member: Member, decision: Decision, verdict: str, rationale: str) -> Decision:
    """The current approver approves or rejects, with a rationale. A rejection is dissent and
    stays on the record; the last approver's verdict settles the decision."""
    decision = (
        Decision.objects.select_for_update().select_related("application__job").get(pk=decision.pk)
    )
    if decision.status != DecisionStatus.PENDING:
        raise ActionError("This decision is no longer awaiting approval.")
    step = current_step(decision)
    if step is None or step.approver_id != member.pk:
        raise NotAllowed("It is not your turn to approve this decision.")
    if verdict not in (Verdict.APPROVED, Verdict.REJECTED):
        raise ActionError("Choose approve or reject.", "verdict")
    if not rationale.strip():
        raise ActionError("Give your reasoning: the record keeps each view.", "rationale")
    now = timezone.now()
    step.verdict = verdict
    step.rationale = rationale.strip()
    step.decided_at = now
    step.save()
    record(member, f"decision.{verdict}", decision, step=step.order)
    if current_step(decision) is None:
        decision.status = (
            DecisionStatus.APPROVED if verdict == Verdict.APPROVED else DecisionStatus.REJECTED
        )
        decision.decided_at = now
        decision.save(update_fields=["status", "decided_at"])
        application = decision.application
        if decision.status == DecisionStatus.APPROVED and decision.outcome != Outcome.HOLD:
            # The one path to "hired": change_stage checks the approved decision itself.
            outcome = Stage.HIRED if decision.outcome == Outcome.HIRE else Stage.REJECTED
            change_stage(member, application, outcome, note=f"Decision {decision.pk}")
        record(member, "decision.settled", decision, status=decision.status)
    return decision


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
    decision.save(update_fields=["status", "decided_at"])
    record(member, "decision.withdrawn", decision, reason=reason.strip())
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
