"""Closing a concern from the application page, for the hiring team and the concern's owner.
(Interviewers close the concerns handed to them from their scorecard.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from secondround.concerns.actions import do_resolve_concern
from secondround.concerns.models import Concern
from secondround.errors import ActionError, forbid_if_not_allowed


@login_required
@require_POST
def close_concern(request, pk):
    concern = get_object_or_404(Concern.objects.visible_to(request.member), pk=pk)
    try:
        do_resolve_concern(
            request.member,
            concern,
            request.POST.get("status", ""),
            request.POST.get("evidence", ""),
        )
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, f"{concern.title}: {error.message}")
    else:
        messages.success(request, f"Concern closed: {concern.title}.")
    return redirect(f"/applications/{concern.application_id}/#concern-{concern.pk}")
