"""The Team page (admins): members and their roles, invitations, deactivation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondround.accounts.actions import do_deactivate_member, do_reactivate_member, do_set_roles
from secondround.accounts.forms import HandoverForm, InviteForm, RolesForm
from secondround.accounts.handover import pending_work
from secondround.accounts.invitations import (
    do_invite_member,
    do_resend_invitation,
    do_revoke_invitation,
)
from secondround.accounts.models import Invitation, Member
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.forms import posted, status_for, submit


def admin_only(view):
    """Signed-in admins only: others get 403 (anonymous users the login page)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if request.member is None or not request.member.is_admin:
            raise PermissionDenied("Only admins manage the team.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _team_page(request, invite_form, status=200):
    member = request.member
    members = (
        Member.objects.visible_to(member).select_related("user").order_by("-active", "display_name")
    )
    with_two_factor = set(
        TOTPDevice.objects.filter(
            user__member__organisation_id=member.organisation_id, confirmed=True
        ).values_list("user_id", flat=True)
    )
    rows = [
        (
            m,
            RolesForm(initial={"roles": sorted(m.roles)}, prefix=f"m{m.pk}"),
            m.user_id in with_two_factor,
        )
        for m in members
    ]
    context = {
        "nav": "team",
        "rows": rows,
        "invitations": Invitation.objects.visible_to(member).pending().select_related("invited_by"),
        "invite_form": invite_form,
        "now": timezone.now(),
        "invitation_days": settings.SECONDROUND_INVITATION_DAYS,
    }
    return render(request, "accounts/team.html", context, status=status)


@admin_only
def team(request):
    """The members and pending invitations, and the Invite form."""
    member = request.member
    form = InviteForm(posted(request), default_zone=member.timezone)
    if form.is_valid() and submit(
        form, do_invite_member, member, member.organisation, **form.cleaned_data
    ):
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("team")
    return _team_page(request, form, status=status_for(form))


def _invitation(request, pk) -> Invitation:
    return get_object_or_404(Invitation.objects.visible_to(request.member), pk=pk)


def _member(request, pk) -> Member:
    return get_object_or_404(Member.objects.visible_to(request.member), pk=pk)


def _do(request, write, success: str):
    """Run a write from a one-button form; its refusal comes back as a message."""
    try:
        write()
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("team")


@require_POST
@admin_only
def resend_invitation(request, pk):
    invitation = _invitation(request, pk)
    return _do(
        request,
        lambda: do_resend_invitation(request.member, invitation),
        f"A new link went to {invitation.email}. The previous one no longer works.",
    )


@require_POST
@admin_only
def revoke_invitation(request, pk):
    invitation = _invitation(request, pk)
    return _do(
        request,
        lambda: do_revoke_invitation(request.member, invitation),
        f"The invitation to {invitation.email} is revoked: its link no longer works.",
    )


@require_POST
@admin_only
def set_roles(request, pk):
    member = _member(request, pk)
    form = RolesForm(request.POST, prefix=f"m{member.pk}")
    if not form.is_valid():
        messages.error(request, f"{member.display_name}: choose at least one role.")
        return redirect("team")
    return _do(
        request,
        lambda: do_set_roles(request.member, member, set(form.cleaned_data["roles"])),
        f"Saved {member.display_name}'s roles.",
    )


@require_POST
@admin_only
def reactivate(request, pk):
    member = _member(request, pk)
    if member.user.has_usable_password():
        done = f"{member.display_name} can sign in again."
    else:
        done = (
            f"{member.display_name} can sign in once they choose a password: we e-mailed "
            f"them a link to {member.user.email or member.user.get_username()}."
        )
    return _do(request, lambda: do_reactivate_member(request.member, member), done)


@admin_only
def deactivate(request, pk):
    """Confirmation page: what the member leaves behind, and who takes each item over."""
    member = _member(request, pk)
    work = pending_work(member)
    form = HandoverForm(posted(request), member=member, work=work)
    if form.is_valid() and submit(
        form, do_deactivate_member, request.member, member, form.handover()
    ):
        messages.success(
            request,
            f"{member.display_name} is deactivated and signed out everywhere. Their "
            "scorecards stay and still count.",
        )
        return redirect("team")
    context = {"nav": "team", "person": member, "work": work, "form": form}
    return render(request, "accounts/deactivate.html", context, status=status_for(form))
