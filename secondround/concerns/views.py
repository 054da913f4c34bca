"""Closing a concern from the application page, for the hiring team and the concern's owner.
(Interviewers close the concerns handed to them from their scorecard.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from secondround.concerns.actions import do_resolve_concern
from secondround.concerns.forms import CloseConcernForm
from secondround.concerns.models import Concern
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.hiring.models import Interview


@login_required
@require_POST
def close_concern(request, pk):
    member = request.member
    concern = get_object_or_404(Concern.objects.visible_to(member), pk=pk)
    interviews = Interview.objects.visible_to(member).filter(application=concern.application_id)
    form = CloseConcernForm(request.POST, interviews=interviews.select_related("round"))
    try:
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise ActionError(errors[0], field)
        do_resolve_concern(
            member,
            concern,
            form.cleaned_data["status"],
            form.cleaned_data["evidence"],
            interview=form.chosen_interview(),
        )
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, f"{concern.title}: {error.message}")
    else:
        messages.success(request, f"Concern closed: {concern.title}.")
    return redirect(f"/applications/{concern.application_id}/#concern-{concern.pk}")
