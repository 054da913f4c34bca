"""Object permissions for calibration snapshots and the calibration report."""

import rules

from secondround.accounts.models import Organisation
from secondround.permissions import acting_predicate, in_org, viewing_predicate


def can_view_snapshot(member, snapshot) -> bool:
    """Snapshots are organisation-scoped (SnapshotQuerySet.visible_to); pages choose which
    parts of one they show."""
    return in_org(member, snapshot.organisation_id)


def can_view_report(member, subject=None) -> bool:
    """The calibration report (every rater's severity, every candidate's standing) is for
    admins and recruiters. ``subject``, when given, is an Organisation or anything with an
    ``organisation_id`` (a snapshot), and must be the member's own."""
    if not member.has_oversight:
        return False
    if subject is None:
        return True
    if isinstance(subject, Organisation):
        return in_org(member, subject.pk)
    return in_org(member, subject.organisation_id)


rules.add_perm(
    "calibration.view_calibrationsnapshot", rules.predicate(viewing_predicate(can_view_snapshot))
)
rules.add_perm(
    "calibration.view_inputsstamp",
    rules.predicate(viewing_predicate(lambda member, stamp: in_org(member, stamp.organisation_id))),
)
rules.add_perm(
    "calibration.view_snapshotjob",
    rules.predicate(
        viewing_predicate(lambda member, part: in_org(member, part.snapshot.organisation_id))
    ),
)
rules.add_perm("calibration.view_report", rules.predicate(acting_predicate(can_view_report)))
