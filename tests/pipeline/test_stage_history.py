"""Stage moves record who and when; rounds must belong to the job; any number of rounds."""

import pytest

from secondround.errors import ActionError, NotAllowed
from secondround.hiring import actions as hiring
from secondround.hiring.models import Stage


def test_every_move_records_who_and_when(cast):
    hiring.do_set_stage(cast.harry, cast.dana_app, Stage.FINALIST, note="Clear favourite")
    change = cast.dana_app.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.moved_by) == (
        "round_1",
        "finalist",
        cast.harry,
    )
    assert change.note == "Clear favourite" and change.moved_at is not None


def test_a_round_from_another_job_is_refused(cast, other_job):
    with pytest.raises(ActionError) as refused:
        hiring.do_set_stage(cast.alice, cast.dana_app, Stage.ROUND_2, round=other_job.round1)
    assert refused.value.field == "round"
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.stage == Stage.ROUND_1


def test_round_stages_point_at_the_round(cast, round3):
    hiring.do_set_stage(cast.alice, cast.dana_app, Stage.ROUND_2)
    cast.dana_app.refresh_from_db()
    assert cast.dana_app.current_round == cast.round2
    # The round decides the stage: round 3 is a "later round", named by the round.
    hiring.do_set_stage(cast.alice, cast.dana_app, Stage.ROUND_1, round=round3)
    cast.dana_app.refresh_from_db()
    assert (cast.dana_app.stage, cast.dana_app.stage_label) == (
        "round_later",
        "Round 3 (leadership)",
    )
    with pytest.raises(ActionError):
        hiring.do_set_stage(cast.alice, cast.luis_app, Stage.ROUND_LATER)  # which round?


def test_only_the_hiring_team_moves_candidates(cast, hank):
    for member in (cast.ivy, cast.vera, hank, cast.oscar):
        with pytest.raises(NotAllowed):
            hiring.do_set_stage(member, cast.dana_app, Stage.FINALIST)


def test_unknown_stage_is_refused(cast):
    with pytest.raises(ActionError):
        hiring.do_set_stage(cast.alice, cast.dana_app, "party")
