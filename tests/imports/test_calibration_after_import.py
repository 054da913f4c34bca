"""Imported ratings feed calibration: the change stamp moves, the engine's input table holds
them, and the run queued on commit stores a snapshot over them."""

import pytest

from secondround.calibration.inputs import rating_rows
from secondround.calibration.models import CalibrationSnapshot
from secondround.calibration.stamp import inputs_version
from secondround.imports.actions import check_file, do_import_ratings
from tests.imports.conftest import GOOD_RATINGS, ratings_csv

pytestmark = pytest.mark.django_db


def test_import_moves_the_stamp_and_calibration_sees_the_ratings(
    cast, django_capture_on_commit_callbacks
):
    check_file(cast.acme, "ratings", ratings_csv(GOOD_RATINGS))
    assert inputs_version(cast.acme.pk) == 0  # a dry run moves nothing
    with django_capture_on_commit_callbacks(execute=True):
        do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    assert inputs_version(cast.acme.pk) == 1
    assert inputs_version(cast.globex.pk) == 0
    rows = rating_rows(cast.acme.pk)
    assert len(rows) == 5
    assert {(row[3], row[4]) for row in rows if row[1] == str(cast.dana_app.pk)} == {
        ("Problem solving", 3),
        ("System design", 4),
        ("Problem solving", 2),
    }
    snapshot = CalibrationSnapshot.objects.latest_for(cast.acme.pk)
    assert snapshot is not None
    assert snapshot.n_ratings == 5 and snapshot.inputs_version == 1
    assert {c["candidate"] for c in snapshot.result["candidates"]} == {
        str(cast.dana_app.pk),
        str(rows[-1][1]),
    }
