"""Object permissions for the audit trail: admins read their organisation's."""

import rules

from secondround.permissions import in_org, member_of


def can_view_audit_event(member, event=None) -> bool:
    """Admins only, not recruiters (AuditEventQuerySet.visible_to): the trail also records
    member and role changes, which are an admin's business. Without an event: may open the
    audit page at all."""
    if not member.is_admin:
        return False
    return event is None or in_org(member, event.organisation_id)


@rules.predicate
def view_auditevent(user, event=None) -> bool:
    member = member_of(user)
    return member is not None and can_view_audit_event(member, event)


rules.add_perm("audit.view_auditevent", view_auditevent)
