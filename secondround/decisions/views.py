"""Pages for proposing a decision, approving it along the chain, and its printable record."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.accounts.models import Member
from secondround.calibration.access import may_see_figures
from secondround.calibration.models import CalibrationSnapshot
from secondround.concerns.models import Concern
from secondround.decisions import pages
from secondround.decisions.actions import (
    do_give_verdict,
    do_propose_decision,
    do_withdraw_decision,
    may_decide,
)
from secondround.decisions.models import (
    ACTIVE_STATUSES,
    ApprovalStep,
    Decision,
    DecisionStatus,
    Outcome,
    Verdict,
)
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.hiring.models import Application, Competency
from secondround.scorecards.actions import note_feedback_seen, note_feedback_shown
from secondround.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardStatus,
)

APPROVER_SLOTS = 3


def _errors(error: ActionError) -> dict[str, str]:
    return {error.field or "form": error.message}


@login_required
def propose_decision(request, pk):
    member = request.member
    application = get_object_or_404(
        Application.objects.visible_to(member).select_related("job", "candidate"), pk=pk
    )
    if not may_decide(member, application):
        raise PermissionDenied("Only the job's hiring manager or an admin proposes a decision.")
    under_way = (
        Decision.objects.visible_to(member)
        .filter(application=application, status__in=ACTIVE_STATUSES)
        .first()
    )
    competencies = list(Competency.objects.visible_to(member).filter(job=application.job))
    approvers = list(Member.objects.visible_to(member).filter(is_approver=True, active=True))
    errors: dict[str, str] = {}
    if request.method == "POST" and under_way is None:
        try:
            decision = do_propose_decision(
                member,
                application,
                outcome=request.POST.get("outcome", ""),
                summary=request.POST.get("summary", ""),
                rationale={c.name: request.POST.get(f"rationale_{c.pk}", "") for c in competencies},
                approvers=_chosen_approvers(request.POST, approvers),
                override_reason=request.POST.get("override_reason", ""),
            )
        except ActionError as error:
            forbid_if_not_allowed(error)
            errors = _errors(error)
        else:
            messages.success(request, "Decision proposed. The first approver can now give a view.")
            return redirect("decision", decision.pk)
    concerns = list(
        Concern.objects.visible_to(member)
        .filter(application=application)
        .open()
        .select_related("raised_by", "owner")
    )
    snapshot = CalibrationSnapshot.objects.visible_to(member).order_by("-created_at", "-id").first()
    # The scores come from colleagues' ratings: blind feedback holds for the whole job.
    blind = not may_see_figures(member, application)
    score = None if blind else pages.score_from_snapshot(snapshot, application)
    if score is not None:  # figures built from colleagues' ratings
        note_feedback_seen(member, [application.pk])
    posted = request.POST if request.method == "POST" else {}
    context = {
        "application": application,
        "under_way": under_way,
        "concerns": concerns,
        "blocking": [c for c in concerns if c.blocking],
        "snapshot": snapshot,
        "blind": blind,
        "score": score,
        "outcomes": Outcome.choices,
        "chosen_outcome": posted.get("outcome", ""),
        "summary": posted.get("summary", ""),
        "override_reason": posted.get("override_reason", ""),
        "competency_fields": [
            {"competency": c, "value": posted.get(f"rationale_{c.pk}", "")} for c in competencies
        ],
        "approver_slots": [
            {"number": n, "value": posted.get(f"approver_{n}", "")}
            for n in range(1, APPROVER_SLOTS + 1)
        ],
        "approvers": approvers,
        "errors": errors,
    }
    return render(request, "decisions/propose.html", context, status=422 if errors else 200)


def _chosen_approvers(post, approvers: list[Member]) -> list[Member]:
    """The chain in slot order, blanks skipped. Duplicates are passed on so that the write
    function can say so; an unknown id is an error here."""
    by_id = {str(a.pk): a for a in approvers}
    chain = []
    for n in range(1, APPROVER_SLOTS + 1):
        value = post.get(f"approver_{n}", "").strip()
        if not value:
            continue
        if value not in by_id:
            raise ActionError(f"Approver {n} is not someone who can approve here.", "approvers")
        chain.append(by_id[value])
    return chain


def _visible_decision(request, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.visible_to(request.member).select_related(
            "application__candidate", "application__job", "proposed_by"
        ),
        pk=pk,
    )


@login_required
def decision(request, pk):
    return _render_decision(request, _visible_decision(request, pk))


def _render_decision(request, decision: Decision, errors=None, posted=None, status=200):
    member = request.member
    steps = list(decision.steps.select_related("approver"))
    current = pages.waiting_step(steps) if decision.status == DecisionStatus.PENDING else None
    competencies = Competency.objects.visible_to(member).filter(job=decision.application.job_id)
    context = {
        "decision": decision,
        "application": decision.application,
        "steps": steps,
        "current": current,
        "my_turn": current is not None and current.approver_id == member.pk,
        "may_withdraw": decision.status == DecisionStatus.PENDING
        and may_decide(member, decision.application),
        "may_propose_again": decision.status in (DecisionStatus.REJECTED, DecisionStatus.WITHDRAWN)
        and may_decide(member, decision.application),
        "dissent": [s for s in steps if s.verdict == Verdict.REJECTED],
        "rationale_rows": pages.rationale_rows(decision, competencies),
        "overridden": _overridden(member, decision),
        "errors": errors or {},
        "posted": posted or {},
    }
    return render(request, "decisions/decision.html", context, status=status)


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
    try:
        do_give_verdict(
            request.member,
            decision,
            request.POST.get("verdict", ""),
            request.POST.get("rationale", ""),
        )
    except ActionError as error:
        forbid_if_not_allowed(error)
        return _render_decision(request, decision, _errors(error), request.POST, status=422)
    messages.success(request, "Your verdict is on the record.")
    return redirect("decision", decision.pk)


@login_required
@require_POST
def withdraw_decision(request, pk):
    decision = _visible_decision(request, pk)
    try:
        do_withdraw_decision(request.member, decision, request.POST.get("reason", ""))
    except ActionError as error:
        forbid_if_not_allowed(error)
        return _render_decision(request, decision, _errors(error), request.POST, status=422)
    messages.success(request, "The decision was withdrawn. You can propose a new one.")
    return redirect("decision", decision.pk)


@login_required
def approvals(request):
    member = request.member
    decisions = (
        Decision.objects.visible_to(member)
        .select_related("application__candidate", "application__job", "proposed_by")
        .prefetch_related(
            Prefetch("steps", queryset=ApprovalStep.objects.select_related("approver"))
        )
    )
    my_turn = list(decisions.filter(pages.my_turn_filter(member)))
    later = list(decisions.filter(pages.my_later_turn_filter(member)))
    answered = list(decisions.filter(pages.answered_filter(member))[:50])
    for decision in answered:
        decision.my_step = next(s for s in decision.steps.all() if s.approver_id == member.pk)
    all_pending = []
    if member.is_admin:
        all_pending = list(decisions.filter(status=DecisionStatus.PENDING))
        for decision in all_pending:
            decision.current = pages.waiting_step(list(decision.steps.all()))
    context = {
        "nav": "approvals",
        "my_turn": my_turn,
        "later": later,
        "answered": answered,
        "all_pending": all_pending,
    }
    return render(request, "decisions/approvals.html", context)


@login_required
def decision_record(request, pk):
    member = request.member
    decision = get_object_or_404(
        Decision.objects.visible_to(member)
        .select_related("application__candidate", "application__job", "proposed_by", "snapshot")
        .defer("snapshot__result"),
        pk=pk,
    )
    application = decision.application
    steps = list(decision.steps.select_related("approver"))
    concerns = list(
        Concern.objects.visible_to(member)
        .filter(application=application)
        .select_related("raised_by", "resolved_by")
    )
    overridden = set(decision.overridden_concerns or [])
    for concern in concerns:
        concern.was_overridden = concern.pk in overridden
    scorecards = list(
        Scorecard.objects.visible_to(member)
        .filter(interview__application=application, status=ScorecardStatus.SUBMITTED)
        .select_related("author", "interview__round")
        .order_by("interview__round__number", "author__display_name")
    )
    tally = Counter(card.recommendation for card in scorecards)
    competencies = Competency.objects.visible_to(member).filter(job=application.job_id)
    # Calibrated scores are built from colleagues' ratings: blind feedback holds here too.
    blind = not may_see_figures(member, application)
    score = (
        None
        if blind
        else pages.calibrated_score(
            decision.scores_at_decision,
            names=pages.member_names(member.organisation_id),
            who=application.candidate.first_name,
        )
    )
    note_feedback_shown(member, application, scorecards)
    if score is not None:
        note_feedback_seen(member, [application.pk])
    context = {
        "decision": decision,
        "application": application,
        "steps": steps,
        "dissent": [s for s in steps if s.verdict == Verdict.REJECTED],
        "rationale_rows": pages.rationale_rows(decision, competencies),
        "blind": blind,
        "score": score,
        "concerns": concerns,
        "scorecards": scorecards,
        "tally": [(label, tally[value]) for value, label in Recommendation.choices if tally[value]],
    }
    return render(request, "decisions/record.html", context)
