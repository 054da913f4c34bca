"""The home page and the approvals list sort out whose turn it is in Python, from the waiting
steps (decisions.pages.turns, which web.views.approvals_waiting_for calls too), rather than
build the turn test into each query. They must say exactly what the SQL filters of
decisions.pages say, for every member, whatever the chain: first in line, second behind a
waiting step, admins."""

import pytest

from secondround.accounts.models import Member
from secondround.decisions.actions import do_give_verdict, do_propose_decision
from secondround.decisions.models import Decision
from secondround.decisions.pages import my_later_turn_filter, my_turn_filter, turns
from secondround.hiring import actions as hiring
from secondround.web.views import approvals_waiting_for


def ids(decisions) -> list[int]:
    return [d.pk for d in decisions]


@pytest.fixture
def chains(busy):
    """Besides busy's decisions: two with Vera then Victor, one where Vera approved."""
    cast = busy
    for name, verdict in [("Ada Lind", None), ("Bo Hart", "approved")]:
        person = hiring.do_add_candidate(cast.alice, name=name, email=f"{name[:2]}@example.com")
        app = hiring.do_apply(cast.alice, person, cast.job, stage="finalist")
        decision = do_propose_decision(
            cast.harry, app, outcome="hire", summary="Good", rationale={},
            approvers=[cast.vera, cast.victor],
        )  # fmt: skip
        if verdict:
            do_give_verdict(cast.vera, decision, verdict, "Fine.")
    return cast


def test_each_member_s_turn_is_the_sql_filter_s(chains):
    checked = 0
    for member in Member.objects.filter(organisation=chains.acme):
        visible = Decision.objects.visible_to(member)
        first = visible.filter(my_turn_filter(member)).order_by("proposed_at")
        later = visible.filter(my_later_turn_filter(member))
        assert ids(approvals_waiting_for(member)) == ids(first), member
        my_turn, behind, all_pending = turns(member, visible, everyone=member.is_admin)
        assert ids(my_turn) == ids(visible.filter(my_turn_filter(member))), member
        assert ids(behind) == ids(later), member
        expected_all = visible.filter(status="pending") if member.is_admin else []
        assert ids(all_pending) == ids(expected_all), member
        checked += bool(first) + bool(later)
    assert checked >= 3  # Vera first twice, Victor behind her and first after her approval
