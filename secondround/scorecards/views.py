"""The scorecard page: write, autosave, submit, and edit a submitted scorecard with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.accounts.models import Member
from secondround.concerns.forms import RaiseConcernForm
from secondround.concerns.models import RAISABLE_TYPES, RESOLVE_CHOICES, Concern
from secondround.forms import posted, status_for, submit
from secondround.hiring.models import Round
from secondround.prepared import prepared
from secondround.scorecards.access import (
    SCORECARD_SHOWN,
    WITHOUT_HIRING_MANAGER,
    interview_for,
    own_interview,
)
from secondround.scorecards.actions import (
    do_edit_submitted,
    do_save_draft,
    do_submit_scorecard,
    missing_for_submission,
    not_before,
)
from secondround.scorecards.forms import (
    ScorecardEditForm,
    ScorecardForm,
    evidence_hint,
    focus_with_anchors,
    recommendation_choices,
)
from secondround.scorecards.models import FeedbackView, Scorecard
from secondround.timezones import member_zone


def own_card(member, interview) -> Scorecard | None:
    found = _own_card(member, interview=interview.pk)
    if not found:
        return None
    card = found[0]
    card.interview = interview  # reuse the already-loaded application and job
    return card


_own_card = prepared(
    "own scorecard",
    lambda member, interview: (
        Scorecard.objects.visible_to(member)
        .filter(interview_id=interview, author=member)
        .prefetch_related("ratings")
        .order_by()[:1]  # one card at most: no need for the list's order and its joins
    ),
)


def missing_list(card, competencies) -> list[str]:
    if card is None:
        return [f"a rating for {c.name}" for c in competencies] + ["an overall recommendation"]
    return missing_for_submission(card)


def owner_choices(member, interview):
    """Who may be handed a concern: next rounds' panels first, then any other interviewer."""
    # The active members are few, so they are kept here rather than by a WHERE that would
    # repeat the panel subquery.
    members = _members_by_later_panel(
        member, job=interview.application.job_id, round_number=interview.round.number
    )
    members = [m for m in members if m.later or m.is_interviewer]
    return [m for m in members if m.later], [m for m in members if not m.later]


def _members_by_later_panel_query(member, job, round_number):
    """The organisation's active members, each with whether they sit on a panel of the job's
    rounds after ``round_number`` (in the same query)."""
    on_later_panel = Round.panel.through.objects.filter(
        member=OuterRef("pk"), round__job_id=job, round__number__gt=round_number
    )
    return (
        Member.objects.visible_to(member)
        .filter(active=True)
        .annotate(later=Exists(on_later_panel))
        .only("display_name", "title", "is_interviewer")
    )


_members_by_later_panel = prepared("members by later panel", _members_by_later_panel_query)


# What the scorecard page shows of a concern (and uses to sort them into its two lists).
CONCERN_SHOWN = (
    "application",
    "type",
    "title",
    "probe",
    "blocking",
    "owner",
    "status",
    "resolution_evidence",
    "resolved_in",
    "raised_by",
    "raised_by__display_name",
    "raised_in",
    "raised_in__interview",
    "raised_in__interview__round",
    "raised_in__interview__round__name",
)


_concerns_of_card = prepared(
    "concerns of a scorecard",
    lambda member, application, card: (
        Concern.objects.visible_to(member)
        .filter(application_id=application)
        .filter(Q(owner=member) | Q(raised_in_id=card))
        .select_related("raised_by", "raised_in__interview__round")
        .only(*CONCERN_SHOWN)
    ),
)


def concern_context(member, interview, card, raise_form=None, resolve_form=None):
    # Assigned to the member, or raised from this scorecard: one query, split here.
    concerns = _concerns_of_card(
        member, application=interview.application_id, card=card.pk if card else 0
    )
    assigned = [c for c in concerns if c.owner_id == member.pk and (c.is_open or c.resolved_in_id)]
    raised = [c for c in concerns if card and c.raised_in_id == card.pk]
    later, others = owner_choices(member, interview)
    return {
        "assigned": assigned,
        "raised": raised,
        "later_panel": later,
        "other_interviewers": others,
        "concern_types": RAISABLE_TYPES,
        "resolve_choices": RESOLVE_CHOICES,
        "raise_form": raise_form or RaiseConcernForm(),
        "resolve_form": resolve_form,
    }


def scorecard_form(interview, data=None, card=None, form_class=ScorecardForm):
    competencies = focus_with_anchors(interview.round)
    return form_class(competencies, interview.application.job, data, card=card)


def form_context(member, interview, card, form) -> dict:
    """What the scorecard form shows: the card's values, or what was just posted."""
    job = interview.application.job
    return {
        "interview": interview,
        "candidate": interview.application.candidate,
        "job": job,
        "zone": member_zone(member),
        "card": card,
        "form": form,
        "blocks": form.blocks(),
        "recommendation": form["recommendation"].value() or "",
        "notes": form["notes"].value() or "",
        "recommendations": recommendation_choices(),
        "hint": evidence_hint(job),
    }


def render_scorecard(request, interview, status=200, form=None, raise_form=None, resolve_form=None):
    """The scorecard page; a refused form (the scorecard's or a concern's) is shown as posted."""
    member = request.member
    card = own_card(member, interview)
    form = form or scorecard_form(interview, card=card)
    context = {
        **form_context(member, interview, card, form),
        "missing": missing_list(card, form.competencies),
        "not_before": not_before(interview),
        "versions": list(card.versions.all()) if card and card.is_submitted else [],
        **concern_context(member, interview, card, raise_form, resolve_form),
    }
    return render(request, "scorecards/scorecard.html", context, status=status)


@login_required
def scorecard(request, pk):
    interview = own_interview(request.member, pk, WITHOUT_HIRING_MANAGER, SCORECARD_SHOWN)
    return render_scorecard(request, interview)


@login_required
@require_POST
def scorecard_draft(request, pk):
    """htmx autosave: returns 'Saved 14:02' and, out of band, what is still missing."""
    member = request.member
    interview = own_interview(member, pk)
    form = scorecard_form(interview, request.POST)
    card = form.is_valid() and submit(
        form,
        do_save_draft,
        member,
        interview,
        draft_version=form.cleaned_data["draft_version"],
        **form.draft(),
    )
    if not card:
        # 409: a newer save already stands (the script ignores it unless it is its latest).
        status = 409 if "draft_version" in form.errors else 422
        context = {"error": form.first_error()}
        return render(request, "scorecards/_draft_saved.html", context, status=status)
    card.interview = interview
    context = {
        "saved_at": card.updated_at,
        "zone": member_zone(member),
        "missing": missing_for_submission(card),
        "not_before": not_before(interview),
        "oob": True,
    }
    return render(request, "scorecards/_draft_saved.html", context)


def save_and_submit(member, interview, form) -> Scorecard:
    """Keep what was posted as the draft, then submit it (a refused submission keeps the
    draft, so nothing typed is lost)."""
    do_save_draft(member, interview, **form.draft())
    return do_submit_scorecard(member, interview)


@login_required
@require_POST
def scorecard_submit(request, pk):
    """Save what was posted, then submit. Idempotent: a second click changes nothing."""
    member = request.member
    interview = own_interview(member, pk)
    card = own_card(member, interview)
    if card is None or not card.is_submitted:
        form = scorecard_form(interview, request.POST)
        if not (form.is_valid() and submit(form, save_and_submit, member, interview, form)):
            card = own_card(member, interview)
            if card is None or not card.is_submitted:  # else a parallel click won: fine
                return render_scorecard(request, interview, status=422, form=form)
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
    form = scorecard_form(interview, posted(request), card, form_class=ScorecardEditForm)
    if form.is_valid():
        draft = form.draft()
        edited = submit(
            form,
            do_edit_submitted,
            member,
            card,
            form.cleaned_data["reason"],
            draft["ratings"],
            draft["recommendation"],
            draft["notes"],
        )
        if edited:
            messages.success(request, "Your change is saved as a new version.")
            return redirect("scorecard", pk=interview.pk)
    context = {
        **form_context(member, interview, card, form),
        "seen_feedback": FeedbackView.objects.visible_to(member)
        .filter(member=member, application=interview.application)
        .exists(),
    }
    return render(request, "scorecards/edit.html", context, status=status_for(form))
