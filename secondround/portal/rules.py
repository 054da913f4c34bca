"""Who runs a candidate's portal, and when an application is closed to the candidate.

The hiring team of an application (its recruiters and admins, and the job's hiring manager)
sends links, shares topics and writes the outcome message. View predicates mirror each
model's ``visible_to``.
"""

import rules

from secondround.accounts.models import Member
from secondround.hiring.choices import CLOSED_STAGES
from secondround.hiring.models import Application, Candidate
from secondround.hiring.rules import can_view_application
from secondround.permissions import in_org, viewing_predicate


def may_manage_portal_for(member: Member, application: Application) -> bool:
    if not in_org(member, application.job.organisation_id):
        return False
    return member.has_oversight or application.job.hiring_manager_id == member.pk


# Sharing a concern follows the same rule as concerns.actions.do_share_concern.
may_share_topics = may_manage_portal_for


def may_manage_candidate_portal(member: Member, candidate: Candidate) -> bool:
    """Recruiters and admins of the organisation, or the hiring manager of one of the
    candidate's jobs."""
    if not in_org(member, candidate.organisation_id):
        return False
    return (
        member.has_oversight or candidate.applications.filter(job__hiring_manager=member).exists()
    )


def is_decided(application: Application) -> bool:
    """A decision is final: the application is closed, or a decision was approved."""
    from secondround.decisions.models import DecisionStatus

    if application.stage in CLOSED_STAGES:
        return True
    return application.decisions.filter(status=DecisionStatus.APPROVED).exists()


is_closed = is_decided


def _via_application(member: Member, obj) -> bool:
    return can_view_application(member, obj.application)


def _via_concern(member: Member, topic) -> bool:
    return can_view_application(member, topic.concern.application)


def _link(member: Member, link) -> bool:
    """As the candidate (PortalLinkQuerySet.visible_to)."""
    return Candidate.objects.visible_to(member).filter(pk=link.candidate_id).exists()


def _same_org(member: Member, obj) -> bool:
    return in_org(member, obj.organisation_id)


def _intro(member: Member, intro) -> bool:
    return in_org(member, intro.member.organisation_id)


for name, check in {
    "portallink": _link,
    "portaltopic": _via_concern,
    "portaldocument": _via_application,
    "candidaterequest": _via_application,
    "portaloutcome": _via_application,
    "organisationvalues": _same_org,
    "memberintro": _intro,
}.items():
    rules.add_perm(f"portal.view_{name}", rules.predicate(viewing_predicate(check)))
