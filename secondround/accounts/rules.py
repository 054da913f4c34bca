"""Object permissions for members: everyone in an organisation sees its members."""

import rules

from secondround.permissions import in_org, viewing_predicate


def can_view_member(member, other) -> bool:
    return in_org(member, other.organisation_id)


rules.add_perm("accounts.view_member", rules.predicate(viewing_predicate(can_view_member)))
