"""Members of my organisation, and for admins: roles, deactivation, reactivation and
invitations (the team page's rules)."""

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Schema, Status
from pydantic import Field

from secondround.accounts.actions import do_deactivate_member, do_reactivate_member, do_set_roles
from secondround.accounts.handover import Handover, pending_work
from secondround.accounts.invitations import (
    do_invite_member,
    do_resend_invitation,
    do_revoke_invitation,
)
from secondround.accounts.models import Invitation, Member, Role
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, PersonOut, Text, responses
from secondround.errors import ActionError, NotAllowed

router = ApiRouter(tags=["members and invitations"])

RoleIn = Literal[tuple(Role.values)]  # type: ignore[valid-type]


class MemberOut(Schema):
    id: int
    name: str
    email: str
    title: str
    roles: list[str]
    active: bool


class RolesIn(Schema):
    roles: list[RoleIn] = Field(max_length=5)


class DeactivateIn(Schema):
    successor_id: DbId | None = Field(
        None,
        description="Who takes over their pending approvals, open concerns, future interviews "
        "and panel seats; without one, these become unassigned",
    )


class InvitationOut(Schema):
    id: int
    email: str
    name: str
    title: str
    roles: list[str]
    status: str = Field(description="pending, expired, accepted or revoked")
    invited_by: PersonOut | None
    created_at: datetime
    expires_at: datetime


class InvitationIn(Schema):
    email: Text(254)
    name: Text(200)
    roles: list[RoleIn] = Field(max_length=5)
    title: Text(200) = ""
    timezone: Text(64) = "UTC"


MemberPage = page_of(MemberOut)
InvitationPage = page_of(InvitationOut)


def member_out(member: Member) -> MemberOut:
    return MemberOut(
        id=member.pk,
        name=member.display_name,
        email=member.email,
        title=member.title,
        roles=sorted(member.roles),
        active=member.active,
    )


def _member_for(member, pk: int) -> Member:
    return get_object_or_404(Member.objects.visible_to(member).select_related("user"), pk=pk)


@router.get("/members", response=responses({200: MemberPage}), summary="My organisation's members")
def list_members(
    request,
    role: RoleIn | None = None,
    active: bool | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    members = Member.objects.visible_to(request.member).select_related("user")
    if role is not None:
        members = members.with_role(role)
    if active is not None:
        members = members.filter(active=active)
    return paginate(request, members, member_out, cursor=cursor, limit=limit)


@router.get("/members/{member_id}", response=responses({200: MemberOut}, 404), summary="A member")
def get_member(request, member_id: DbId):
    return member_out(_member_for(request.member, member_id))


@router.put(
    "/members/{member_id}/roles",
    response=responses({200: MemberOut}, 400, 403, 404),
    summary="Replace a member's roles (admins)",
)
def set_roles(request, member_id: DbId, payload: RolesIn):
    """The organisation's last active admin keeps the admin role (400)."""
    target = _member_for(request.member, member_id)
    return member_out(do_set_roles(request.member, target, set(payload.roles)))


@router.post(
    "/members/{member_id}/deactivate",
    response=responses({200: MemberOut}, 400, 403, 404),
    summary="Deactivate a member (admins)",
)
def deactivate_member(request, member_id: DbId, payload: DeactivateIn):
    """They can no longer sign in; their sessions end and their API tokens are revoked. Their
    scorecards stay and still count. Nobody deactivates themselves or the last admin."""
    member = request.member
    target = _member_for(member, member_id)
    handover = Handover()
    if payload.successor_id is not None:
        successor = Member.objects.visible_to(member).filter(pk=payload.successor_id).first()
        if successor is None:
            raise ActionError("Choose a successor from your organisation.", "successor_id")
        if not member.is_admin:
            raise NotAllowed("Only an admin deactivates members.")
        work = pending_work(target)
        handover = Handover(
            steps={item.pk: successor for item in work.steps},
            concerns={item.pk: successor for item in work.concerns},
            interviews={item.pk: successor for item in work.interviews},
            rounds={item.pk: successor for item in work.rounds},
        )
    return member_out(do_deactivate_member(member, target, handover))


@router.post(
    "/members/{member_id}/reactivate",
    response=responses({200: MemberOut}, 400, 403, 404),
    summary="Let a deactivated member sign in again (admins)",
)
def reactivate_member(request, member_id: DbId):
    target = _member_for(request.member, member_id)
    return member_out(do_reactivate_member(request.member, target))


def _status(invitation: Invitation, now) -> str:
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    return "expired" if invitation.is_expired(now) else "pending"


def invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        email=invitation.email,
        name=invitation.display_name,
        title=invitation.title,
        roles=list(invitation.roles),
        status=_status(invitation, timezone.now()),
        invited_by=PersonOut.of(invitation.invited_by),
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


def _admin(member) -> None:
    if not member.is_admin:
        raise NotAllowed("Only admins manage invitations.")


def _invitation_for(member, pk: int) -> Invitation:
    _admin(member)
    queryset = Invitation.objects.visible_to(member).select_related("invited_by")
    return get_object_or_404(queryset, pk=pk)


@router.get(
    "/invitations",
    response=responses({200: InvitationPage}, 403),
    summary="Invitations (admins)",
)
def list_invitations(
    request,
    status: Literal["pending", "all"] = "all",
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    """``status=pending``: not yet accepted nor revoked (expired ones included)."""
    _admin(request.member)
    invitations = Invitation.objects.visible_to(request.member).select_related("invited_by")
    if status == "pending":
        invitations = invitations.pending()
    return paginate(request, invitations, invitation_out, cursor=cursor, limit=limit)


@router.post(
    "/invitations",
    response=responses({201: InvitationOut}, 400, 403),
    summary="Invite someone by e-mail (admins)",
)
def create_invitation(request, payload: InvitationIn):
    """The invitation e-mail carries a single-use link; it is never returned here."""
    member = request.member
    invitation, _ = do_invite_member(
        member,
        member.organisation,
        email=payload.email,
        display_name=payload.name,
        roles=set(payload.roles),
        title=payload.title,
        timezone=payload.timezone,
    )
    return Status(201, invitation_out(_invitation_for(member, invitation.pk)))


@router.post(
    "/invitations/{invitation_id}/resend",
    response=responses({200: InvitationOut}, 400, 403, 404),
    summary="Send a pending invitation again, with a new link (admins)",
)
def resend_invitation(request, invitation_id: DbId):
    invitation = _invitation_for(request.member, invitation_id)
    do_resend_invitation(request.member, invitation)
    return invitation_out(_invitation_for(request.member, invitation.pk))


@router.post(
    "/invitations/{invitation_id}/revoke",
    response=responses({200: InvitationOut}, 400, 403, 404),
    summary="Revoke a pending invitation (admins)",
)
def revoke_invitation(request, invitation_id: DbId):
    invitation = _invitation_for(request.member, invitation_id)
    do_revoke_invitation(request.member, invitation)
    return invitation_out(_invitation_for(request.member, invitation.pk))
