"""Object permissions for webhooks; each mirrors its model's ``visible_to``: admins of the
organisation, nobody else, and unlike most lists not even the list is open to others."""

import rules

from secondround.permissions import in_org, member_of


def can_manage_webhooks(member, obj=None) -> bool:
    if member is None or not member.is_admin:
        return False
    if obj is None:
        return True
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is None and hasattr(obj, "delivery"):  # an Attempt
        organisation_id = obj.delivery.organisation_id
    return in_org(member, organisation_id)


@rules.predicate
def _manages(user, obj=None) -> bool:
    return can_manage_webhooks(member_of(user), obj)


for model in ("webhooksettings", "subscription", "delivery", "attempt"):
    rules.add_perm(f"webhooks.view_{model}", _manages)
