"""An interviewer who meets a candidate in two rounds still gives the engine valid input."""

from datetime import timedelta

from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.inputs import rating_rows
from secondround.hiring.actions import do_schedule_interview
from tests.conftest import fill_scorecard


def test_latest_round_rating_is_the_one_calibrated(cast):
    fill_scorecard(cast.ivy, cast.dana_r1, value=2)
    fill_scorecard(cast.ian, cast.dana_r1, value=3)
    fill_scorecard(cast.ivy, cast.luis_r1, value=3)
    fill_scorecard(cast.ian, cast.luis_r1, value=3)
    start = cast.dana_r1.starts_at + timedelta(days=3)
    dana_r2 = do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy],
    )
    fill_scorecard(cast.ivy, dana_r2, value=4)

    rows = rating_rows(cast.acme.pk)
    ivy_on_dana = [r for r in rows if r[1] == str(cast.dana_app.pk) and r[2] == str(cast.ivy.pk)]
    assert sorted(r[4] for r in ivy_on_dana) == [4, 4]  # round 2 replaced round 1's 2s
    assert len(rows) == 2 * 4  # 4 scorecards' worth of distinct ratings, 2 competencies each

    snapshot = do_refresh_calibration(cast.acme.pk)
    assert snapshot is not None and snapshot.n_ratings == len(rows)
