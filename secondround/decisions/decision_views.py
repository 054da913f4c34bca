"""The decision page: the proposal, the evidence in front of the approver, the approval
chain and earlier versions, with the verdict and withdraw forms; and the approvals policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from secondround.concerns.models import Concern, ConcernStatus
from secondround.decisions import evidence, pages
from secondround.decisions.actions import (
    do_give_verdict,
    do_set_decision_policy,
    do_withdraw_decision,
    may_decide,
)
from secondround.decisions.forms import PolicyForm, VerdictForm, WithdrawForm
from secondround.decisions.models import (
    ApprovalStep,
    Decision,
    DecisionPolicy,
    DecisionStatus,
    Verdict,
    approvers_are_advisory,
)
from secondround.forms import submit
from secondround.prepared import one_or_404, prepared

STATUS_LABELS = dict(ConcernStatus.choices)


def _visible_decision(request, pk) -> Decision:
    return one_or_404(_decision(request.member, pk=pk), "decision")


# The decision page's reads, built once per member (secondround.prepared).
_decision = prepared(
    "decision",
    lambda member, pk: (
        Decision.objects.visible_to(member)
        .select_related("application__candidate", "application__job", "proposed_by")
        .filter(pk=pk)
    ),
)
# An evidence request's concern shows only its status: a column, not a joined model.
_steps = prepared(
    "decision's steps",
    lambda member, decision: (
        ApprovalStep.objects.visible_to(member)
        .filter(decision_id=decision)
        .select_related("approver")
        .annotate(evidence_concern_status=F("evidence_concern__status"))
    ),
)


@login_required
def decision(request, pk):
    return _render_decision(request, _visible_decision(request, pk))


def _render_decision(request, decision: Decision, verdict_form=None, withdraw_form=None):
    member = request.member
    application = decision.application
    steps = _steps(member, decision=decision.pk)
    for step in steps:
        step.evidence_concern_label = STATUS_LABELS.get(
            step.evidence_concern_status, step.evidence_concern_status
        )
    current = pages.waiting_step(steps) if decision.status == DecisionStatus.PENDING else None
    my_turn = current is not None and current.approver_id == member.pk
    competencies = pages.job_competencies(member, job=application.job_id)
    revision = pages.later_version(decision) if decision.is_sent_back else None
    gathered = evidence.gather(member, decision)  # its .blind: the reader owes a scorecard
    context = {
        "decision": decision,
        "application": application,
        "steps": steps,
        "current": current,
        "my_turn": my_turn,
        # An approver on the candidate's panel answers only after submitting their own.
        "must_submit_first": my_turn and gathered.blind,
        "text_hidden": decision.proposed_by_id != member.pk and gathered.blind,
        "evidence": gathered,
        "advisory": approvers_are_advisory(application.job.organisation_id),
        "may_withdraw": decision.status == DecisionStatus.PENDING
        and may_decide(member, application),
        "revision": revision,
        "may_revise": decision.is_sent_back
        and revision is None
        and may_decide(member, application),
        "may_propose_again": decision.status == DecisionStatus.WITHDRAWN
        and may_decide(member, application),
        "dissent": [s for s in steps if s.verdict == Verdict.REJECTED],
        "requests": [s for s in steps if s.verdict == Verdict.MORE_EVIDENCE],
        "history": pages.earlier_versions(decision),
        "rationale_rows": pages.rationale_rows(decision, competencies),
        "overridden": _overridden(member, decision),
        "verdict_form": verdict_form or VerdictForm(),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    failed = (verdict_form is not None and verdict_form.errors) or (
        withdraw_form is not None and withdraw_form.errors
    )
    return render(request, "decisions/decision.html", context, status=422 if failed else 200)


def _overridden(member, decision: Decision) -> list[Concern]:
    if not decision.overridden_concerns:
        return []
    return list(
        Concern.objects.visible_to(member)
        .filter(pk__in=decision.overridden_concerns)
        .select_related("resolved_by")
    )


@login_required
@require_POST
def give_verdict(request, pk):
    decision = _visible_decision(request, pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if submit(
            form,
            do_give_verdict,
            request.member,
            decision,
            data["verdict"],
            data["rationale"],
            evidence_kind=data["evidence_kind"],
        ):
            messages.success(request, "Your verdict is on the record.")
            return redirect("decision", decision.pk)
    return _render_decision(request, decision, verdict_form=form)


@login_required
@require_POST
def withdraw_decision(request, pk):
    decision = _visible_decision(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid() and submit(
        form, do_withdraw_decision, request.member, decision, form.cleaned_data["reason"]
    ):
        messages.success(request, "The decision was withdrawn. You can propose a new one.")
        return redirect("decision", decision.pk)
    return _render_decision(request, decision, withdraw_form=form)


@login_required
def approval_policy(request):
    """How approvals work in the organisation: approvers decide (the default) or advise."""
    member = request.member
    if not member.is_admin:
        raise PermissionDenied("Only an admin changes how approvals work.")
    policy = DecisionPolicy.objects.visible_to(member).first()
    current = bool(policy and policy.approvers_advisory)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"approvers_advisory": "1" if current else "0"},
    )
    advisory = form.is_valid() and form.cleaned_data["approvers_advisory"]
    if form.is_valid() and submit(
        form, do_set_decision_policy, member, approvers_advisory=advisory
    ):
        messages.success(request, "Saved. New verdicts follow this rule.")
        return redirect("approval_policy")
    context = {"nav": "approvals", "form": form, "advisory": current}
    return render(request, "decisions/policy.html", context, status=422 if form.errors else 200)
