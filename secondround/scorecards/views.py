"""The scorecard page: write, autosave, submit, and edit a submitted scorecard with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.accounts.models import Member
from secondround.concerns.models import RAISABLE_TYPES, RESOLVE_CHOICES, Concern
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.scorecards.access import interview_for, own_interview
from secondround.scorecards.actions import (
    do_edit_submitted,
    do_save_draft,
    do_submit_scorecard,
    missing_for_submission,
    not_before,
)
from secondround.scorecards.forms import (
    competency_blocks,
    evidence_hint,
    focus_with_anchors,
    ratings_from_post,
    recommendation_choices,
)
from secondround.scorecards.models import FeedbackView, Scorecard
from secondround.web.views import member_zone


def own_card(member, interview) -> Scorecard | None:
    card = (
        Scorecard.objects.visible_to(member)
        .filter(interview=interview, author=member)
        .prefetch_related("ratings")
        .first()
    )
    if card is not None:
        card.interview = interview  # reuse the already-loaded application and job
    return card


def missing_list(card, competencies) -> list[str]:
    if card is None:
        return [f"a rating for {c.name}" for c in competencies] + ["an overall recommendation"]
    return missing_for_submission(card)


def owner_choices(member, interview):
    """Who may be handed a concern: next rounds' panels first, then any other interviewer."""
    members = Member.objects.visible_to(member).filter(active=True)
    later = members.filter(
        panel_rounds__job=interview.application.job,
        panel_rounds__number__gt=interview.round.number,
    ).distinct()
    later = list(later)
    others = list(members.filter(is_interviewer=True).exclude(pk__in=[m.pk for m in later]))
    return later, others


def concern_context(member, interview, card):
    application = interview.application
    mine = (
        Concern.objects.visible_to(member)
        .filter(application=application)
        .select_related("raised_by", "raised_in__interview__round")
    )
    assigned = [c for c in mine.filter(owner=member) if c.is_open or c.resolved_in_id]
    raised = list(mine.filter(raised_in=card)) if card else []
    later, others = owner_choices(member, interview)
    return {
        "assigned": assigned,
        "raised": raised,
        "later_panel": later,
        "other_interviewers": others,
        "concern_types": RAISABLE_TYPES,
        "resolve_choices": RESOLVE_CHOICES,
    }


def form_context(member, interview, card, competencies, post) -> dict:
    """What the scorecard form shows: the card's values, or what was just posted."""
    job = interview.application.job
    posted = post or {}
    return {
        "interview": interview,
        "candidate": interview.application.candidate,
        "job": job,
        "zone": member_zone(member),
        "card": card,
        "blocks": competency_blocks(
            competencies, job, ratings=card.ratings.all() if card else None, post=post
        ),
        "recommendation": posted.get("recommendation", card.recommendation if card else ""),
        "notes": posted.get("notes", card.notes if card else ""),
        "recommendations": recommendation_choices(),
        "hint": evidence_hint(job),
    }


def render_scorecard(request, interview, status=200, post=None, **extra):
    member = request.member
    card = own_card(member, interview)
    competencies = focus_with_anchors(interview.round)
    context = {
        **form_context(member, interview, card, competencies, post),
        "missing": missing_list(card, competencies),
        "not_before": not_before(interview),
        "versions": list(card.versions.all()) if card and card.is_submitted else [],
        **concern_context(member, interview, card),
        **extra,
    }
    return render(request, "scorecards/scorecard.html", context, status=status)


def save_posted_draft(member, interview, post) -> Scorecard:
    return do_save_draft(
        member,
        interview,
        ratings_from_post(post, focus_with_anchors(interview.round)),
        recommendation=post.get("recommendation", ""),
        notes=post.get("notes", ""),
    )


@login_required
def scorecard(request, pk):
    interview = own_interview(request.member, pk)
    return render_scorecard(request, interview)


@login_required
@require_POST
def scorecard_draft(request, pk):
    """htmx autosave: returns 'Saved 14:02' and, out of band, what is still missing."""
    member = request.member
    interview = own_interview(member, pk)
    try:
        card = save_posted_draft(member, interview, request.POST)
    except ActionError as error:
        forbid_if_not_allowed(error)
        context = {"error": error.message}
        return render(request, "scorecards/_draft_saved.html", context, status=422)
    card.interview = interview
    context = {
        "saved_at": card.updated_at,
        "zone": member_zone(member),
        "missing": missing_for_submission(card),
        "not_before": not_before(interview),
        "oob": True,
    }
    return render(request, "scorecards/_draft_saved.html", context)


@login_required
@require_POST
def scorecard_submit(request, pk):
    """Save what was posted, then submit. Idempotent: a second click changes nothing."""
    member = request.member
    interview = own_interview(member, pk)
    card = own_card(member, interview)
    if card is None or not card.is_submitted:
        try:
            save_posted_draft(member, interview, request.POST)
            do_submit_scorecard(member, interview)
        except ActionError as error:
            forbid_if_not_allowed(error)
            card = own_card(member, interview)
            if card is None or not card.is_submitted:  # else a parallel click won: fine
                return render_scorecard(
                    request, interview, status=422, post=request.POST, form_error=error.message
                )
        messages.success(request, "Scorecard submitted. Your colleagues' feedback is now open.")
    return redirect("scorecard", pk=interview.pk)


@login_required
def scorecard_edit(request, pk):
    """Change a submitted scorecard: a reason is required and the earlier version stays."""
    member = request.member
    card = get_object_or_404(Scorecard.objects.visible_to(member).filter(author=member), pk=pk)
    interview = interview_for(member, card.interview_id)
    if not card.is_submitted:
        return redirect("scorecard", pk=interview.pk)
    card.interview = interview
    competencies = focus_with_anchors(interview.round)
    post, error, status = None, None, 200
    if request.method == "POST":
        post = request.POST
        try:
            do_edit_submitted(
                member,
                card,
                post.get("reason", ""),
                ratings_from_post(post, competencies),
                post.get("recommendation", ""),
                post.get("notes", ""),
            )
        except ActionError as refused:
            forbid_if_not_allowed(refused)
            error, status = refused, 422
        else:
            messages.success(request, "Your change is saved as a new version.")
            return redirect("scorecard", pk=interview.pk)
    context = {
        **form_context(member, interview, card, competencies, post),
        "reason": (post or {}).get("reason", ""),
        "error": error,
        "seen_feedback": FeedbackView.objects.visible_to(member)
        .filter(member=member, application=interview.application)
        .exists(),
    }
    return render(request, "scorecards/edit.html", context, status=status)
