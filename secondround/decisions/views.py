"""Pages for proposing (or revising) a decision, the approvals list, and the printable record.
The decision page itself, with its verdict and withdraw forms, is in decision_views.py."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render

from secondround.accounts.models import Member
from secondround.calibration.access import may_see_figures
from secondround.calibration.state import latest_snapshot
from secondround.concerns.models import Concern
from secondround.decisions import pages
from secondround.decisions.actions import do_propose_decision, may_decide
from secondround.decisions.evidence import owed_on_job
from secondround.decisions.forms import ProposeForm
from secondround.decisions.models import (
    ACTIVE_STATUSES,
    ApprovalStep,
    Decision,
    Verdict,
    approvers_are_advisory,
)
from secondround.forms import submit
from secondround.hiring.models import Application
from secondround.prepared import one_or_404, prepared
from secondround.scorecards.actions import note_feedback_seen, note_feedback_shown
from secondround.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardStatus,
)
from secondround.scorecards.progress import panel_progress


@login_required
def propose_decision(request, pk):
    """Propose a decision, or revise one that an approver sent back (it keeps its history)."""
    member = request.member
    application = one_or_404(_application(member, pk=pk), "application")
    if not may_decide(member, application):
        raise PermissionDenied("Only the job's hiring manager or an admin proposes a decision.")
    under_way, revising = _under_way_and_sent_back(member, application)
    competencies = pages.job_competencies(member, job=application.job_id)
    approvers = _approvers(member)
    for approver in approvers:  # the option's value, as the form posts it back
        approver.option_value = str(approver.pk)
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        initial=_revision_initial(revising, competencies) if revising else None,
        competencies=competencies,
        approvers=approvers,
    )
    if request.method == "POST" and under_way is None and form.is_valid():
        data = form.cleaned_data
        decision = submit(
            form,
            do_propose_decision,
            member,
            application,
            fields=form.field_aliases,
            outcome=data["outcome"],
            summary=data["summary"],
            rationale=data["rationale"],
            approvers=data["approvers"],
            override_reason=data["override_reason"],
            incomplete_reason=data["incomplete_reason"],
            revises=revising,
        )
        if decision:
            messages.success(request, "Decision proposed. The first approver can now give a view.")
            return redirect("decision", decision.pk)
    concerns = _open_concerns(member, application=application.pk)
    snapshot = latest_snapshot(member)
    # The scores come from colleagues' ratings: blind feedback holds for the whole job.
    blind = not may_see_figures(member, application)
    score = None if blind else pages.score_from_snapshot(snapshot, application)
    if score is not None:  # figures built from colleagues' ratings
        note_feedback_seen(member, [application.pk])
    seats = panel_progress(application)
    context = {
        "application": application,
        "under_way": under_way,
        "revising": revising,
        "concerns": concerns,
        "blocking": [c for c in concerns if c.blocking],
        "seats": seats,
        "missing": [seat for seat in seats if seat.outstanding],
        "snapshot": snapshot,
        "blind": blind,
        "score": score,
        "form": form,
        "approvers": approvers,
        "advisory": approvers_are_advisory(application.job.organisation_id),
    }
    return render(request, "decisions/propose.html", context, status=422 if form.errors else 200)


def _under_way_and_sent_back(member, application) -> tuple[Decision | None, Decision | None]:
    """The application's decision under way (pending or approved), and the one a new proposal
    revises (sent_back_decision's rule: the latest, if an approver sent it back and nobody
    revised it yet), from one read of its decisions. Only the job's hiring manager and
    admins reach this page (may_decide), and both read every decision of the application."""
    decisions = _decisions_newest_first(member, application=application.pk)
    under_way = next((d for d in decisions if d.status in ACTIVE_STATUSES), None)
    latest = decisions[0] if decisions else None
    if latest is None or not latest.is_sent_back:
        return under_way, None
    if any(d.previous_id == latest.pk for d in decisions):
        return under_way, None
    return under_way, latest


# The proposal page's reads, built once per member (secondround.prepared).
_application = prepared(
    "application to decide",
    lambda member, pk: (
        Application.objects.visible_to(member).select_related("job", "candidate").filter(pk=pk)
    ),
)
_approvers = prepared(
    "approvers to choose",
    lambda member: (
        Member.objects.visible_to(member)
        .filter(is_approver=True, active=True)
        .only("display_name", "title")  # what the chain's options show
    ),
)
_open_concerns = prepared(
    "open concerns to decide on",
    lambda member, application: (
        Concern.objects.visible_to(member)
        .filter(application_id=application)
        .open()
        .annotate(raised_by_name=F("raised_by__display_name"), owner_name=F("owner__display_name"))
    ),
)
_decisions_newest_first = prepared(
    "decisions of an application, newest first",
    lambda member, application: (
        Decision.objects.visible_to(member)
        .filter(application_id=application)
        .select_related("proposed_by")
        .order_by("-proposed_at", "-pk")
    ),
)


def _revision_initial(decision: Decision, competencies) -> dict:
    initial = ProposeForm.initial_from(decision)
    for competency in competencies:
        initial[f"rationale_{competency.pk}"] = decision.rationale.get(competency.name, "")
    return initial


APPROVAL_ROW_FIELDS = (
    "outcome",
    "status",
    "proposed_at",
    "proposed_by__display_name",
    "application__candidate__name",
    "application__job__title",
)


@login_required
def approvals(request):
    member = request.member
    everyone = member.is_admin
    pending = _pending_approvals(member)
    my_turn, later, all_pending = pages.sort_turns(member, pending, everyone=everyone)
    answered = _answered_approvals(member)
    for decision in answered:
        decision.my_step = next(s for s in decision.steps.all() if s.approver_id == member.pk)
    context = {
        "nav": "approvals",
        "my_turn": my_turn,
        "later": later,
        "answered": answered,
        "all_pending": all_pending,
    }
    return render(request, "decisions/approvals.html", context)


def approval_rows(member):
    return (
        Decision.objects.visible_to(member)
        .select_related("application__candidate", "application__job", "proposed_by")
        .only(*APPROVAL_ROW_FIELDS)  # what the lists show: fewer columns to build and read
    )


_pending_approvals = prepared(
    "pending approvals",
    lambda member: pages.pending_with_chains(
        member, approval_rows(member), everyone=member.is_admin
    ),
)
_answered_approvals = prepared(
    "answered approvals",
    lambda member: (
        approval_rows(member)
        .filter(pages.answered_filter(member))
        .prefetch_related(
            Prefetch(
                "steps", queryset=ApprovalStep.objects.visible_to(member).filter(approver=member)
            )
        )[:50]
    ),
)


@login_required
def decision_record(request, pk):
    member = request.member
    # The names and times the record prints come as columns: a joined model per row costs
    # more to build than the record uses of it.
    decision = one_or_404(_recorded_decision(member, pk=pk), "decision")
    application = decision.application
    steps = _recorded_steps(member, decision=decision.pk)
    concerns = _recorded_concerns(member, application=application.pk)
    overridden = set(decision.overridden_concerns or [])
    for concern in concerns:
        concern.was_overridden = concern.pk in overridden
    scorecards = _recorded_scorecards(member, application=application.pk)
    tally = Counter(card.recommendation for card in scorecards)
    competencies = pages.job_competencies(member, job=application.job_id)
    # Calibrated scores are built from colleagues' ratings: blind feedback holds here too
    # (may_see_figures: same organisation, and not blind on any candidate of the job). The
    # printable record hides the proposal's words from a reader still blind on the
    # candidate, as the decision page and the API do (evidence.text_hidden).
    owed = owed_on_job(member, application)
    blind = member.organisation_id != application.job.organisation_id or bool(owed)
    text_hidden = decision.proposed_by_id != member.pk and application.pk in owed
    score = (
        None
        if blind
        else pages.calibrated_score(
            decision.scores_at_decision,
            names=pages.member_names(member.organisation_id),
            who=application.candidate.first_name,
        )
    )
    if score is not None:  # built from colleagues' ratings, whoever's cards are listed
        note_feedback_seen(member, [application])
    else:
        note_feedback_shown(member, application, scorecards)
    context = {
        "decision": decision,
        "application": application,
        "steps": steps,
        "dissent": [s for s in steps if s.verdict == Verdict.REJECTED],
        "rationale_rows": pages.rationale_rows(decision, competencies),
        "blind": blind,
        "text_hidden": text_hidden,
        "history": pages.earlier_versions(decision),
        "score": score,
        "concerns": concerns,
        "scorecards": scorecards,
        "tally": [(label, tally[value]) for value, label in Recommendation.choices if tally[value]],
    }
    return render(request, "decisions/record.html", context)


# The record's reads, built once per member (secondround.prepared). The names and times the
# record prints come as columns: a joined model per row costs more to build than it uses.
_recorded_decision = prepared(
    "decision recorded",
    lambda member, pk: (
        Decision.objects.visible_to(member)
        .select_related("application__candidate", "application__job")
        .annotate(
            proposed_by_name=F("proposed_by__display_name"),
            snapshot_created_at=F("snapshot__created_at"),
        )
        .filter(pk=pk)
    ),
)
_recorded_steps = prepared(
    "steps recorded",
    lambda member, decision: (
        ApprovalStep.objects.visible_to(member)
        .filter(decision_id=decision)
        .annotate(approver_name=F("approver__display_name"), approver_title=F("approver__title"))
    ),
)
_recorded_concerns = prepared(
    "concerns recorded",
    lambda member, application: (
        Concern.objects.visible_to(member)
        .filter(application_id=application)
        .annotate(
            raised_by_name=F("raised_by__display_name"),
            resolved_by_name=F("resolved_by__display_name"),
        )
    ),
)
_recorded_scorecards = prepared(
    "scorecards recorded",
    lambda member, application: (
        Scorecard.objects.visible_to(member)
        .filter(interview__application_id=application, status=ScorecardStatus.SUBMITTED)
        .annotate(author_name=F("author__display_name"), round_name=F("interview__round__name"))
        .order_by("interview__round__number", "author__display_name")
    ),
)
