"""Object permissions for decisions and their approval chains."""

import rules

from secondround.accounts.models import Member
from secondround.decisions.models import (
    ApprovalStep,
    Decision,
    DecisionPolicy,
    DecisionStatus,
    Verdict,
)
from secondround.hiring.models import Application
from secondround.permissions import acting_predicate, in_org, viewing_predicate


def can_view_decision(member: Member, decision: Decision) -> bool:
    """Oversight roles, the job's hiring manager and every approver on the chain
    (DecisionQuerySet.visible_to)."""
    job = decision.application.job
    if not in_org(member, job.organisation_id):
        return False
    if member.has_oversight or job.hiring_manager_id == member.pk:
        return True
    return ApprovalStep.objects.filter(decision=decision, approver=member).exists()


def can_propose_decision(member: Member, application: Application | None) -> bool:
    """Admins and the job's hiring manager (decisions.actions.may_decide). Whether a decision
    is already under way, or blocked by a concern, is for the action to say."""
    if application is None:
        return False
    job = application.job
    return in_org(member, job.organisation_id) and (
        member.is_admin or job.hiring_manager_id == member.pk
    )


def can_give_verdict(member: Member, decision: Decision | None) -> bool:
    """Only the approver whose turn it is, while the decision awaits approval."""
    if decision is None or decision.status != DecisionStatus.PENDING:
        return False
    step = decision.steps.filter(verdict=Verdict.WAITING).order_by("order").first()
    return step is not None and step.approver_id == member.pk


def _view_step(member, step):
    return can_view_decision(member, step.decision)


def can_view_policy(member: Member, policy: DecisionPolicy) -> bool:
    """Every member reads their organisation's policy (DecisionPolicyQuerySet.visible_to)."""
    return in_org(member, policy.organisation_id)


rules.add_perm("decisions.view_decisionpolicy", rules.predicate(viewing_predicate(can_view_policy)))
rules.add_perm("decisions.view_decision", rules.predicate(viewing_predicate(can_view_decision)))
rules.add_perm("decisions.view_approvalstep", rules.predicate(viewing_predicate(_view_step)))
rules.add_perm(
    "decisions.propose_decision", rules.predicate(acting_predicate(can_propose_decision))
)
rules.add_perm("decisions.give_verdict", rules.predicate(acting_predicate(can_give_verdict)))
