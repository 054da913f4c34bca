"""Object permissions for staged and committed imports (paired with ImportRun.visible_to)."""

import rules

from secondround.permissions import acting_predicate, in_org, viewing_predicate


def may_import(member) -> bool:
    """Admins and recruiters import files (the write functions' rule, actions.py)."""
    return member is not None and member.active and member.has_oversight


def can_view_import_run(member, run) -> bool:
    """Only the admin or recruiter who uploaded the file sees it: it holds candidates'
    personal data and ratings. Mirrors ImportRunQuerySet.visible_to."""
    return (
        may_import(member)
        and in_org(member, run.organisation_id)
        and run.uploaded_by_id == member.pk
    )


rules.add_perm("imports.view_importrun", rules.predicate(viewing_predicate(can_view_import_run)))
rules.add_perm("imports.import_file", rules.predicate(acting_predicate(lambda m, _: may_import(m))))
