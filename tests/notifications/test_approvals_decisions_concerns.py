"""Approval requests go to the next approver when their turn comes; a settled decision goes to
the hiring team; a concern handed to someone tells them, with the interview it belongs to.
None carries the decision's reasoning, ratings or notes: each points to its page."""

from secondround.concerns import actions as concerns
from secondround.decisions import actions as decisions
from tests.notifications.conftest import to

SUMMARY = "Strong on pipelines; secret reasoning that stays on the page"


def propose(cast, commit):
    return commit(
        decisions.do_propose_decision,
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary=SUMMARY,
        rationale={"Problem solving": "private rationale"},
        approvers=[cast.vera, cast.victor],
        incomplete_reason="Round 1 ran before the team used secondround.",
    )


def test_each_approver_is_asked_when_their_turn_comes(cast, commit, mailoutbox):
    decision = propose(cast, commit)
    [request] = mailoutbox
    assert request.to == [cast.vera.email]
    assert request.subject == "Your approval: Hire for Dana Kim"
    assert f"/decisions/{decision.pk}/" in request.body
    assert "approver 1 of 2" in request.body

    mailoutbox.clear()
    commit(decisions.do_give_verdict, cast.vera, decision, "approved", "Agree")
    [request] = mailoutbox
    assert request.to == [cast.victor.email] and "approver 2 of 2" in request.body


def test_a_settled_decision_reaches_the_hiring_team_without_its_reasoning(cast, commit, mailoutbox):
    decision = propose(cast, commit)
    commit(decisions.do_give_verdict, cast.vera, decision, "approved", "Agree")
    mailoutbox.clear()
    commit(decisions.do_give_verdict, cast.victor, decision, "rejected", "Dissent here")

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.harry.email, cast.vera.email, cast.victor.email]
    )
    for message in mailoutbox:
        assert message.subject == "Decision made: Hire for Dana Kim (rejected: sent back)"
        assert f"/decisions/{decision.pk}/record/" in message.body
        for secret in (SUMMARY, "private rationale", "Dissent here", "Agree"):
            assert secret not in message.body and secret not in message.alternatives[0][0]


def test_a_concern_handed_over_names_the_interview_to_probe_it_in(
    cast, dana_r2, commit, mailoutbox
):
    mailoutbox.clear()
    concern = commit(
        concerns.do_raise_concern,
        cast.ian,
        cast.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        details="Private details of the doubt",
        blocking=True,
        owner=cast.ivy,
    )
    [message] = to(mailoutbox, cast.ivy.email)
    assert message.subject == "A concern for you to probe: Dana Kim"
    assert "Depth in streaming pipelines" in message.body and "blocking" in message.body
    assert f"/interviews/{dana_r2.pk}/kit/" in message.body
    assert "Private details" not in message.body

    mailoutbox.clear()
    commit(concerns.do_assign_concern, cast.harry, concern, cast.ian)
    [message] = mailoutbox
    assert message.to == [cast.ian.email]


def test_an_owner_who_cannot_see_the_candidate_learns_nothing_about_them(cast, commit, mailoutbox):
    """Nora sits on no interview of Dana's, so the read filter hides Dana from her."""
    commit(
        concerns.do_raise_concern,
        cast.ian,
        cast.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        owner=cast.nora,
    )
    [message] = mailoutbox
    assert message.to == [cast.nora.email]
    assert message.subject == "A concern was handed to you"
    for secret in ("Dana", "streaming", "Data Engineer"):
        assert secret not in message.body and secret not in message.alternatives[0][0]
