"""Action predicates, table-driven over every role, and their agreement with the write
functions they guard (a predicate says no exactly when the action raises NotAllowed)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from secondround.concerns.actions import do_resolve_concern
from secondround.decisions.actions import do_give_verdict, do_propose_decision
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.actions import do_update_job
from secondround.scorecards.actions import do_save_draft
from tests.permissions.conftest import VIEWERS, member_for
from tests.permissions.scene import thing

ROLES = [*VIEWERS, "ian", "victor"]  # plus the concern's owner and the second approver
OVERSIGHT = {"alice", "rita"}

# perm -> {object name (None: asked without an object): who may}
MAY = {
    "decisions.propose_decision": {
        "luis_app": {"alice", "harry"},  # an admin or the job's hiring manager; not rita
        "paul_app": {"alice", "hank"},
    },
    "decisions.give_verdict": {
        "dana_decision": {"vera"},  # first on the chain; victor waits his turn
        "paul_decision": {"vince"},
    },
    "concerns.resolve_concern": {
        "dana_concern": OVERSIGHT | {"harry", "ian"},  # ian owns it; ivy only raised it
        "paul_concern": OVERSIGHT | {"hank"},  # nobody owns it
    },
    "scorecards.write_scorecard": {
        "dana_r1": {"ivy_before", "ivy_after", "ian"},
        "dana_r2_ian": {"ian"},
        "paul_r1": {"ian"},
    },
    "hiring.setup_job": {
        None: OVERSIGHT | {"harry", "hank", "oscar"},  # may create a job
        "job": OVERSIGHT | {"harry"},
        "job2": OVERSIGHT | {"hank"},
        "unmanaged_job": OVERSIGHT | {"harry", "hank"},  # as hiring.actions allows
        "globex_job": {"oscar"},
    },
    "calibration.view_report": {
        None: OVERSIGHT | {"oscar"},  # his own organisation's report
        "acme": OVERSIGHT,
        "acme_snapshot": OVERSIGHT,
        "globex_snapshot": {"oscar"},
    },
    "hiring.view_candidate_notes": {
        "dana": OVERSIGHT | {"harry"},
        "dana_app": OVERSIGHT | {"harry"},
        "paul": OVERSIGHT | {"hank"},
        "cleo": OVERSIGHT,  # no application, so no hiring manager
        "globex_candidate": {"oscar"},
    },
}

ROWS = [
    pytest.param(perm, name, role, role in allowed, id=f"{perm}-{name}-{role}")
    for perm, objects in MAY.items()
    for name, allowed in objects.items()
    for role in ROLES
]


@pytest.mark.parametrize(("perm", "name", "role", "expected"), ROWS)
def test_action_predicate(scene, arrive, perm, name, role, expected):
    member = arrive(role)
    user = AnonymousUser() if member is None else member.user
    obj = None if name is None else thing(scene, name)
    assert user.has_perm(perm, obj) is expected


def _held(concern):
    """An interview of the concern's candidate that has taken place: the evidence's source."""
    return concern.application.interviews.order_by("starts_at").first()


# perm -> how to try the guarded action on an object
ACTIONS = {
    "decisions.propose_decision": lambda m, app, c: do_propose_decision(
        m,
        app,
        outcome="hold",
        summary="Wait.",
        rationale={},
        approvers=[c.vera],
        incomplete_reason="The panel writes up later.",
    ),
    "decisions.give_verdict": lambda m, decision, c: do_give_verdict(
        m, decision, "approved", "Agreed."
    ),
    "concerns.resolve_concern": lambda m, concern, c: do_resolve_concern(
        m, concern, "resolved", "Cleared up in round 2.", interview=_held(concern)
    ),
    "scorecards.write_scorecard": lambda m, interview, c: do_save_draft(m, interview, []),
    "hiring.setup_job": lambda m, job, c: do_update_job(m, job, description="Updated."),
}
ACTION_ROWS = [
    pytest.param(perm, name, role, id=f"{perm}-{name}-{role}")
    for perm, objects in MAY.items()
    if perm in ACTIONS
    for name in objects
    if name is not None
    for role in ROLES
    if role != "anon"
]


@pytest.mark.parametrize(("perm", "name", "role"), ACTION_ROWS)
def test_predicate_agrees_with_the_write_function(scene, arrive, perm, name, role):
    member = arrive(role)
    obj = thing(scene, name)
    allowed = member.user.has_perm(perm, obj)
    try:
        ACTIONS[perm](member, obj, scene)
    except NotAllowed:
        assert not allowed, f"{role} is refused by the action but the predicate allows it"
    except ActionError:
        assert allowed  # allowed, but something else is wrong (e.g. already submitted)
    else:
        assert allowed, f"{role} may do it but the predicate says no"


def test_the_verdict_passes_along_the_chain(scene, db):
    def may_judge(role):
        decision = thing(scene, "dana_decision")
        return member_for(scene, role).user.has_perm("decisions.give_verdict", decision)

    assert may_judge("vera") and not may_judge("victor")
    do_give_verdict(member_for(scene, "vera"), thing(scene, "dana_decision"), "approved", "Yes.")
    assert may_judge("victor") and not may_judge("vera")
    do_give_verdict(member_for(scene, "victor"), thing(scene, "dana_decision"), "approved", "Go.")
    assert not may_judge("victor") and not may_judge("vera")  # settled: nobody's turn
