"""Blind feedback over the new lists: while a member owes a scorecard on a candidate, no list
or detail gives them colleagues' judgement of that candidate, whatever their role."""

from secondround.calibration.actions import do_refresh_calibration
from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_propose_decision
from tests.conftest import fill_scorecard


def test_admin_who_owes_a_scorecard_gets_no_calibrated_figures_of_the_job(cast, api):
    cast.dana_r1.interviewers.add(cast.alice)
    fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    fill_scorecard(cast.ian, cast.dana_r1, value=2)
    assert do_refresh_calibration(cast.acme.pk) is not None
    alice = api(cast.alice)
    blind = alice.get("/api/calibration/latest").json()["result"]
    assert blind["candidates"] == []
    assert str(cast.job.pk) not in blind["reliability"]
    cards = alice.get(f"/api/interviews/{cast.dana_r1.pk}/scorecards").json()["items"]
    assert cards == []  # colleagues' scorecards stay hidden until hers is in

    fill_scorecard(cast.alice, cast.dana_r1, value=3)
    do_refresh_calibration(cast.acme.pk)
    seen = alice.get("/api/calibration/latest").json()["result"]
    assert {row["candidate"] for row in seen["candidates"]} == {str(cast.dana_app.pk)}
    cards = alice.get(f"/api/interviews/{cast.dana_r1.pk}/scorecards").json()["items"]
    assert len(cards) == 3


def test_concern_from_a_colleagues_scorecard_is_hidden_while_i_owe_mine(cast, api):
    card = fill_scorecard(cast.ian, cast.dana_r1)
    concern = do_raise_concern(
        cast.ian, cast.dana_app, type="skill_gap", title="Ian doubts SQL", scorecard=card
    )
    ivy = api(cast.ivy)
    assert ivy.all_items("/api/concerns") == []
    assert ivy.get(f"/api/concerns/{concern.pk}").status_code == 404
    detail = ivy.get(f"/api/applications/{cast.dana_app.pk}").json()
    assert detail["open_concerns"] == []
    assert "Ian doubts" not in str(ivy.get("/api/interviews").json())

    fill_scorecard(cast.ivy, cast.dana_r1)
    assert [c["id"] for c in ivy.all_items("/api/concerns")] == [concern.pk]


def test_decision_text_hidden_in_the_list_from_an_approver_who_owes_a_scorecard(cast, api):
    cast.dana_r1.interviewers.add(cast.vera)
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong on SQL per Ivy",
        rationale={"Problem solving": "Ivy rated 3"},
        approvers=[cast.vera],
        incomplete_reason="Vera's card comes later",
    )
    vera = api(cast.vera)
    listed = vera.all_items("/api/decisions")
    assert len(listed) == 1
    assert listed[0]["text_hidden"] is True
    assert listed[0]["summary"] == "" and listed[0]["rationale"] == {}
    assert "Ivy" not in str(listed)

    fill_scorecard(cast.vera, cast.dana_r1)
    shown = vera.all_items("/api/decisions")[0]
    assert shown["text_hidden"] is False and shown["summary"] == "Strong on SQL per Ivy"
