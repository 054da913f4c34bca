"""Object permissions for members: everyone in an organisation sees its members."""

import rules

from secondround.permissions import in_org, viewing_predicate


def can_view_member(member, other) -> bool:
    return in_org(member, other.organisation_id)


rules.add_perm("accounts.view_member", rules.predicate(viewing_predicate(can_view_member)))


def can_view_api_token(member, token) -> bool:
    """Mirrors ApiTokenQuerySet.visible_to: one's own tokens; admins their organisation's."""
    if token.member_id == member.pk:
        return True
    return member.is_admin and in_org(member, token.member.organisation_id)


rules.add_perm("accounts.view_apitoken", rules.predicate(viewing_predicate(can_view_api_token)))


def can_view_invitation(member, invitation) -> bool:
    """Mirrors InvitationQuerySet.visible_to: admins of the invitation's organisation."""
    return member.is_admin and in_org(member, invitation.organisation_id)


rules.add_perm("accounts.view_invitation", rules.predicate(viewing_predicate(can_view_invitation)))
