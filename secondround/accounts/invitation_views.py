"""Accepting an invitation: the invitee sets a password and lands on their home page."""

from django.contrib.auth import login
from django.shortcuts import redirect, render

from secondround.accounts.forms import AcceptInvitationForm, show_action_error
from secondround.accounts.invitations import do_accept_invitation, usable_invitation
from secondround.errors import ActionError

# Accepting signs the new member in directly, not through authenticate().
BACKEND = "django.contrib.auth.backends.ModelBackend"


def accept_invitation(request, token):
    try:
        invitation = usable_invitation(token)
    except ActionError as error:
        return render(request, "accounts/invitation_unusable.html", {"error": error}, status=410)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            member = do_accept_invitation(token, form.cleaned_data["new_password1"])
        except ActionError as error:
            show_action_error(form, error, {"password": "new_password1"})
        else:
            login(request, member.user, backend=BACKEND)
            return redirect("home")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "form": form},
        status=status,
    )
