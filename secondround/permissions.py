"""Small helpers shared by the apps' rules.py predicates.

Each app's rules.py registers object-level predicates with ``rules.add_perm`` so that
``request.user.has_perm("hiring.view_job", job)`` works. A "view" predicate must agree with the
model's ``visible_to(member)`` queryset filter (rules cannot filter querysets, so the two are
written twice and tests/permissions checks that they agree on every role).

Registered permissions (ask ``request.user.has_perm(name, obj)``):
- "<app>.view_<model>" for every domain model, e.g. "hiring.view_job",
  "scorecards.view_scorecard", "decisions.view_approvalstep". Without an object: any member
  may open the list (filter it with visible_to), except "audit.view_auditevent" (admins).
- "hiring.setup_job" (job, or None to create one), "hiring.view_candidate_notes" (candidate or
  application), "scorecards.write_scorecard" (interview), "concerns.resolve_concern"
  (concern), "decisions.propose_decision" (application), "decisions.give_verdict" (decision),
  "calibration.view_report" (nothing, an Organisation or a snapshot).
Code that already holds a Member can call the ``can_*`` functions in each app's rules.py.
Pass objects with their chain to the job select_related (e.g. a Scorecard with
"interview__application__job"): each check then costs at most a few small queries.
"""

from secondround.accounts.models import Member


def member_of(user) -> Member | None:
    """The active Member behind a user, or None (anonymous, no member, deactivated).

    Uses the user's cached reverse one-to-one, so a page that asks many questions about one
    user loads its Member once.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    member = getattr(user, "member", None)
    if member is None or not member.active:
        return None
    return member


def in_org(member: Member | None, organisation_id: int | None) -> bool:
    return member is not None and member.organisation_id == organisation_id


def viewing_predicate(model_check):
    """Wrap ``model_check(member, obj)`` as a view predicate: anonymous users see nothing, and
    without an object (a list page) any member may look, as ``visible_to`` filters the list."""

    def check(user, obj=None) -> bool:
        member = member_of(user)
        if member is None:
            return False
        if obj is None:
            return True
        return model_check(member, obj)

    check.__name__ = model_check.__name__
    return check


def acting_predicate(check):
    """Wrap ``check(member, obj)`` as an action predicate: anonymous users may do nothing.
    ``obj`` is None when the question is asked without an object."""

    def predicate(user, obj=None) -> bool:
        member = member_of(user)
        return member is not None and check(member, obj)

    predicate.__name__ = check.__name__
    return predicate
