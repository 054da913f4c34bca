"""A job with calibrated figures, and a second interview of Dana that puts a reader on her
panel (so that they owe a scorecard on her, and are blind on the whole job)."""

from datetime import UTC, datetime, timedelta

import pytest

from secondround.calibration.actions import do_refresh_calibration
from secondround.hiring import actions as hiring
from tests.conftest import fill_scorecard


@pytest.fixture
def calibrated(cast):
    """Ivy and Ian submitted on Dana (high) and Luis (low); a snapshot holds the figures."""
    fill_scorecard(cast.ivy, cast.dana_r1, value=4)
    fill_scorecard(cast.ian, cast.dana_r1, value=4)
    fill_scorecard(cast.ivy, cast.luis_r1, value=2)
    fill_scorecard(cast.ian, cast.luis_r1, value=2)
    cast.snapshot = do_refresh_calibration(cast.acme.pk)
    assert {row["candidate"] for row in cast.snapshot.result["candidates"]} == {
        str(cast.dana_app.pk),
        str(cast.luis_app.pk),
    }
    return cast


def put_on_dana_panel(cast, *members):
    """A round 2 interview of Dana with ``members`` on its panel (nobody has submitted)."""
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    cast.dana_r2 = hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=list(members),
    )
    return cast.dana_r2


def submit_round2(cast, member):
    fill_scorecard(member, cast.dana_r2, value=3)
