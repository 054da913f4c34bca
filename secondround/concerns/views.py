"""Closing a concern from the application page, for the hiring team and the concern's owner.
(Interviewers close the concerns handed to them from their scorecard.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from secondround.concerns.actions import do_resolve_concern
from secondround.concerns.forms import ResolveConcernForm
from secondround.concerns.models import Concern
from secondround.forms import submit
from secondround.hiring.models import Interview
from secondround.hiring.views import application  # the page the close form sits on


@login_required
@require_POST
def close_concern(request, pk):
    member = request.member
    concern = get_object_or_404(Concern.objects.visible_to(member), pk=pk)
    interviews = Interview.objects.visible_to(member).filter(application=concern.application_id)
    form = ResolveConcernForm(request.POST, concern=concern, interviews=interviews)
    if form.is_valid():
        data = form.cleaned_data
        if submit(
            form,
            do_resolve_concern,
            member,
            concern,
            data["status"],
            data["evidence"],
            interview=form.chosen_interview(),
        ):
            messages.success(request, f"Concern closed: {concern.title}.")
            return redirect(f"/applications/{concern.application_id}/#concern-{concern.pk}")
    return application(request, concern.application_id, close_form=form)
