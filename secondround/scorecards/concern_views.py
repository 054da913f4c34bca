"""Raising and resolving concerns from the scorecard page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.concerns.forms import RaiseConcernForm, ResolveConcernForm
from secondround.concerns.models import Concern
from secondround.errors import ActionError
from secondround.forms import submit
from secondround.scorecards.access import own_interview
from secondround.scorecards.actions import do_save_draft
from secondround.scorecards.views import (
    own_card,
    owner_choices,
    render_scorecard,
    scorecard_form,
)


def card_for_concerns(member, interview, post):
    """Concerns link to the scorecard they came from; start an empty draft if there is none.

    The page's script carries the scorecard's unsaved fields along with a concern form
    (``carry_draft``), so that text typed just before raising or closing a concern is kept.
    A draft that cannot be saved as it stands (a half-typed value) does not stop the concern.
    """
    card = own_card(member, interview)
    if post.get("carry_draft") == "1" and not (card and card.is_submitted):
        form = scorecard_form(interview, post)
        if form.is_valid():
            try:
                with transaction.atomic():
                    return do_save_draft(member, interview, **form.draft())
            except ActionError:
                pass
    return card or do_save_draft(member, interview, [])


@login_required
@require_POST
def raise_concern(request, pk):
    member = request.member
    interview = own_interview(member, pk)
    later, others = owner_choices(member, interview)
    form = RaiseConcernForm(request.POST, owners=later + others)
    if form.is_valid():
        concern = submit(
            form,
            do_raise_concern,
            member,
            interview.application,
            **form.values(),
            scorecard=card_for_concerns(member, interview, request.POST),
        )
        if concern:
            handed = f" and handed to {concern.owner.display_name}" if concern.owner else ""
            messages.success(request, f"Concern raised{handed}.")
            return redirect("scorecard", pk=interview.pk)
    return render_scorecard(request, interview, status=422, raise_form=form)


@login_required
@require_POST
def resolve_concern(request, pk, concern_pk):
    member = request.member
    interview = own_interview(member, pk)
    concern = get_object_or_404(
        Concern.objects.visible_to(member).filter(application=interview.application),
        pk=concern_pk,
    )
    form = ResolveConcernForm(request.POST, concern=concern)
    if form.is_valid():
        closed = submit(
            form,
            do_resolve_concern,
            member,
            concern,
            form.cleaned_data["status"],
            form.cleaned_data["evidence"],
            scorecard=card_for_concerns(member, interview, request.POST),
        )
        if closed:
            messages.success(request, f"Concern closed: {concern.title}.")
            return redirect("scorecard", pk=interview.pk)
    return render_scorecard(request, interview, status=422, resolve_form=form)
