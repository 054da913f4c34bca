"""Raising and resolving concerns from the scorecard page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.concerns.models import Concern
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.scorecards.access import own_interview
from secondround.scorecards.actions import do_save_draft
from secondround.scorecards.views import (
    own_card,
    owner_choices,
    render_scorecard,
    save_posted_draft,
)


def card_for_concerns(member, interview, post):
    """Concerns link to the scorecard they came from; start an empty draft if there is none.

    The page's script carries the scorecard's unsaved fields along with a concern form
    (``carry_draft``), so that text typed just before raising or closing a concern is kept.
    A draft that cannot be saved as it stands (a half-typed value) does not stop the concern.
    """
    card = own_card(member, interview)
    if post.get("carry_draft") == "1" and not (card and card.is_submitted):
        try:
            with transaction.atomic():
                return save_posted_draft(member, interview, post)
        except ActionError:
            pass
    return card or do_save_draft(member, interview, [])


@login_required
@require_POST
def raise_concern(request, pk):
    member = request.member
    interview = own_interview(member, pk)
    post = request.POST
    owner = None
    if post.get("owner"):
        later, others = owner_choices(member, interview)
        owner = next((m for m in later + others if str(m.pk) == post["owner"]), None)
    try:
        if post.get("owner") and owner is None:
            raise ActionError("Choose someone from the list to probe it.", "owner")
        do_raise_concern(
            member,
            interview.application,
            type=post.get("type", ""),
            title=post.get("title", ""),
            details=post.get("details", ""),
            probe=post.get("probe", ""),
            blocking=post.get("blocking") == "1",
            scorecard=card_for_concerns(member, interview, request.POST),
            owner=owner,
        )
    except ActionError as error:
        forbid_if_not_allowed(error)
        return render_scorecard(
            request, interview, status=422, raise_error=error, raise_values=post
        )
    handed = f" and handed to {owner.display_name}" if owner else ""
    messages.success(request, f"Concern raised{handed}.")
    return redirect("scorecard", pk=interview.pk)


@login_required
@require_POST
def resolve_concern(request, pk, concern_pk):
    member = request.member
    interview = own_interview(member, pk)
    concern = get_object_or_404(
        Concern.objects.visible_to(member).filter(application=interview.application),
        pk=concern_pk,
    )
    try:
        do_resolve_concern(
            member,
            concern,
            request.POST.get("status", ""),
            request.POST.get("evidence", ""),
            scorecard=card_for_concerns(member, interview, request.POST),
        )
    except ActionError as error:
        forbid_if_not_allowed(error)
        return render_scorecard(
            request,
            interview,
            status=422,
            resolve_error={"pk": concern.pk, "message": error.message, "values": request.POST},
        )
    messages.success(request, f"Concern closed: {concern.title}.")
    return redirect("scorecard", pk=interview.pk)
