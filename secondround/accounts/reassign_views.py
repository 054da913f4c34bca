"""Reassigning what a deactivated member left to nobody (from the home page's "Needs
reassigning" section): admins and recruiters."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from secondround.accounts.models import Member
from secondround.concerns.actions import do_assign_concern
from secondround.concerns.models import Concern
from secondround.decisions.actions import do_replace_approver
from secondround.decisions.models import ApprovalStep
from secondround.errors import ActionError, forbid_if_not_allowed


class ChooseMemberForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none())

    def __init__(self, *args, reader: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.visible_to(reader).filter(active=True)


def _oversight(request) -> Member:
    if request.member is None or not request.member.has_oversight:
        raise PermissionDenied("Only admins and recruiters reassign work.")
    return request.member


def _reassign(request, write, success: str):
    form = ChooseMemberForm(request.POST, reader=request.member)
    if not form.is_valid():
        messages.error(request, "Choose an active member.")
        return redirect("home")
    chosen = form.cleaned_data["member"]
    try:
        write(chosen)
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(request, success.format(name=chosen.display_name))
    return redirect("home")


@require_POST
@login_required
def reassign_step(request, pk):
    member = _oversight(request)
    step = get_object_or_404(ApprovalStep.objects.visible_to(member), pk=pk)
    return _reassign(
        request,
        lambda chosen: do_replace_approver(member, step, chosen),
        "{name} now approves in that step.",
    )


@require_POST
@login_required
def reassign_concern(request, pk):
    member = _oversight(request)
    concern = get_object_or_404(Concern.objects.visible_to(member), pk=pk)
    return _reassign(
        request,
        lambda chosen: do_assign_concern(member, concern, chosen),
        "{name} now owns the concern.",
    )
