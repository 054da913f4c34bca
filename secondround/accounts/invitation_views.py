"""Accepting an invitation: the invitee sets a password and lands on their home page."""

from django.contrib.auth import login
from django.shortcuts import redirect, render

from secondround.accounts.forms import AcceptInvitationForm
from secondround.accounts.invitations import do_accept_invitation, usable_invitation
from secondround.errors import ActionError
from secondround.forms import posted, status_for, submit

# Accepting signs the new member in directly, not through authenticate().
BACKEND = "secondround.accounts.backends.MemberModelBackend"


def accept_invitation(request, token):
    try:
        invitation = usable_invitation(token)
    except ActionError as error:
        return render(request, "accounts/invitation_unusable.html", {"error": error}, status=410)
    form = AcceptInvitationForm(posted(request), invitation=invitation)
    if form.is_valid():
        password = form.cleaned_data["new_password1"]
        fields = {"password": "new_password1"}
        member = submit(form, do_accept_invitation, token, password, fields=fields)
        if member is not None:
            login(request, member.user, backend=BACKEND)
            return redirect("home")
    context = {"invitation": invitation, "form": form}
    return render(request, "accounts/accept_invitation.html", context, status=status_for(form))
