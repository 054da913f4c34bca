"""Object permissions for the concern ledger."""

import rules

from secondround.accounts.models import Member
from secondround.concerns.models import Concern
from secondround.hiring.rules import can_view_application
from secondround.permissions import acting_predicate, in_org, viewing_predicate


def can_view_concern(member: Member, concern: Concern) -> bool:
    """Whoever may see the application sees its concerns, except those a colleague raised
    from a draft, or from a scorecard of a round the member still owes one for
    (ConcernQuerySet.visible_to states the rule)."""
    if not can_view_application(member, concern.application):
        return False
    card = concern.raised_in
    if card is None or concern.raised_by_id == member.pk:
        return True
    if not card.is_submitted:
        return False
    from secondround.scorecards.models import owed_interviews

    return not (
        owed_interviews(member)
        .filter(application_id=concern.application_id, round_id=card.interview.round_id)
        .exists()
    )


def can_resolve_concern(member: Member, concern: Concern | None) -> bool:
    """The concern's owner or the hiring team (admins, recruiters, the job's hiring manager),
    as concerns.actions.do_resolve_concern. Whether it is still open is the page's business."""
    if concern is None:
        return False
    job = concern.application.job
    if not in_org(member, job.organisation_id):
        return False
    return (
        concern.owner_id == member.pk or member.has_oversight or job.hiring_manager_id == member.pk
    )


rules.add_perm("concerns.view_concern", rules.predicate(viewing_predicate(can_view_concern)))
rules.add_perm("concerns.resolve_concern", rules.predicate(acting_predicate(can_resolve_concern)))
