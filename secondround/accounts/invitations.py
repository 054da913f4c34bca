"""Write functions for invitations: invite, resend, revoke, accept.

An invitation is a single-use, expiring link. Only the SHA-256 hash of its token is stored,
so the link exists in one place: the e-mail (or the terminal, for the first admin). Resending
makes a new token, which kills the old link. Accepting creates the person's account and
membership through ``do_add_member``, so the same rules hold as for any new member.

(These live beside accounts/actions.py, not in it, to keep each file to one concept.)
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondround.accounts.actions import (
    do_add_member,
    ensure_admin_of,
    ensure_free_email,
    ensure_known_roles,
    ensure_zone,
    normalise_email,
)
from secondround.accounts.models import Invitation, Member, Organisation
from secondround.audit.log import record
from secondround.errors import ActionError


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits


def _expiry():
    return timezone.now() + timedelta(days=settings.SECONDROUND_INVITATION_DAYS)


def invitation_link(raw_token: str) -> str:
    """The link to accept an invitation, on the configured base URL. Without one (a
    misconfigured production, which `check --deploy` reports), only the path."""
    return settings.SECONDROUND_BASE_URL + reverse("accept_invitation", args=[raw_token])


def send_invitation_email(invitation: Invitation, raw_link: str) -> None:
    """Send the invitation. Kept small and separate so that notifications can replace it."""
    inviter = invitation.invited_by.display_name if invitation.invited_by else "An admin"
    days = settings.SECONDROUND_INVITATION_DAYS
    send_mail(
        subject=f"You are invited to {invitation.organisation.name} on secondround",
        message=(
            f"Hello {invitation.display_name},\n\n"
            f"{inviter} invited you to join {invitation.organisation.name} on secondround, "
            "where your team runs its interviews.\n\n"
            f"Set your password here (the link works once, for {days} days):\n{raw_link}\n\n"
            "If you did not expect this, you can ignore this e-mail.\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


def _send_after_commit(invitation: Invitation, raw: str) -> None:
    link = invitation_link(raw)
    transaction.on_commit(lambda: send_invitation_email(invitation, link))


@transaction.atomic
def do_invite_member(
    actor: Member | None,
    organisation: Organisation,
    *,
    email: str,
    display_name: str,
    roles: set[str],
    title: str = "",
    timezone: str = "UTC",
    send_email: bool = True,
) -> tuple[Invitation, str]:
    """Invite someone by e-mail. Returns ``(invitation, raw_token)``; the raw token is not
    stored. ``send_email`` False leaves the link to the caller (the setup command prints it).
    """
    ensure_admin_of(actor, organisation.pk, "Only an admin invites members.")
    email = normalise_email(email)
    if not display_name.strip():
        raise ActionError("Give the person's name.", "display_name")
    ensure_known_roles(roles)
    ensure_zone(timezone)
    ensure_free_email(organisation, email)
    if Invitation.objects.pending().filter(organisation=organisation, email=email).exists():
        raise ActionError(
            f"{email} already has a pending invitation: resend it from the list below.", "email"
        )
    raw = _new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        display_name=display_name.strip(),
        title=title.strip(),
        timezone=timezone,
        roles=sorted(roles),
        invited_by=actor,
        token_hash=Invitation.hash_token(raw),
        expires_at=_expiry(),
    )
    record(actor, "invitation.sent", invitation, organisation, email=email, roles=sorted(roles))
    if send_email:
        _send_after_commit(invitation, raw)
    return invitation, raw


def _pending_for_update(actor: Member | None, invitation: Invitation, verb: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    ensure_admin_of(actor, invitation.organisation_id, f"Only an admin {verb} invitations.")
    if invitation.accepted_at:
        raise ActionError(f"{invitation.email} has already accepted this invitation.")
    if invitation.revoked_at:
        raise ActionError("This invitation was revoked. Send a new one instead.")
    return invitation


@transaction.atomic
def do_resend_invitation(
    actor: Member | None, invitation: Invitation, *, send_email: bool = True
) -> tuple[Invitation, str]:
    """A new link with a new expiry; the old link stops working."""
    invitation = _pending_for_update(actor, invitation, "resends")
    raw = _new_token()
    invitation.token_hash = Invitation.hash_token(raw)
    invitation.expires_at = _expiry()
    invitation.save(update_fields=["token_hash", "expires_at"])
    record(actor, "invitation.resent", invitation, invitation.organisation)
    if send_email:
        _send_after_commit(invitation, raw)
    return invitation, raw


@transaction.atomic
def do_revoke_invitation(actor: Member | None, invitation: Invitation) -> Invitation:
    invitation = _pending_for_update(actor, invitation, "revokes")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(actor, "invitation.revoked", invitation, invitation.organisation)
    return invitation


def usable_invitation(raw_token: str, *, for_update: bool = False) -> Invitation:
    """The invitation behind a link, or an ActionError that says plainly why it cannot be
    used (unknown, used, revoked, expired)."""
    queryset = Invitation.objects.select_related("organisation", "invited_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=Invitation.hash_token(raw_token)).first()
    if invitation is None:
        raise ActionError(
            "This invitation link is not valid. It may have been replaced by a newer one: "
            "use the link in the latest e-mail, or ask your admin to send it again."
        )
    if invitation.accepted_at:
        raise ActionError(
            "This invitation has already been used. Sign in with your e-mail and password."
        )
    if invitation.revoked_at:
        raise ActionError("This invitation was withdrawn. Ask your admin if you need access.")
    if invitation.is_expired(timezone.now()):
        raise ActionError(
            f"This invitation expired on {invitation.expires_at:%d %B %Y}. Ask your admin to "
            "send it again."
        )
    return invitation


def check_password(password: str, invitation: Invitation) -> None:
    """Django's password validators, applied to the person the account will be for."""
    from django.contrib.auth import get_user_model

    probe = get_user_model()(username=invitation.email, email=invitation.email)
    try:
        password_validation.validate_password(password, user=probe)
    except ValidationError as invalid:
        raise ActionError(" ".join(invalid.messages), "password") from invalid


@transaction.atomic
def do_accept_invitation(raw_token: str, password: str) -> Member:
    """Accept an invitation with the invitee's chosen password: creates their account and
    membership, and uses the invitation up."""
    invitation = usable_invitation(raw_token, for_update=True)
    if not password:
        raise ActionError("Choose a password.", "password")
    check_password(password, invitation)
    member = do_add_member(
        None,
        invitation.organisation,
        email=invitation.email,
        display_name=invitation.display_name,
        roles=set(invitation.roles),
        title=invitation.title,
        timezone=invitation.timezone,
        password=password,
    )
    invitation.accepted_at = timezone.now()
    invitation.member = member
    invitation.save(update_fields=["accepted_at", "member"])
    record(member, "invitation.accepted", invitation, invitation.organisation)
    return member
