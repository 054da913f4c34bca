"""The ratings CSV export feeds `secondround calibrate` directly, and gives back the app's
own calibration snapshot, number for number."""

import csv
import json

from secondround.calibration.actions import do_refresh_calibration
from secondround.cli import main
from secondround.demo.seed import seed_demo
from secondround.engine.cli import main as calibrate

CANDIDATE_FIELDS = ("job", "candidate", "score", "sd", "p_best")


def engine_figures(candidate: dict) -> dict:
    """A candidate's figures as the engine gives them (the app's run adds, per competency, the
    count and mean of the ratings it rests on, for its sentences)."""
    figures = {k: candidate[k] for k in CANDIDATE_FIELDS}
    figures["competencies"] = {
        name: {"score": c["score"], "sd": c["sd"]} for name, c in candidate["competencies"].items()
    }
    return figures


def test_calibrating_the_exported_csv_gives_the_apps_snapshot(db, tmp_path, capsys):
    organisation, _ = seed_demo(verbosity=0)
    snapshot = do_refresh_calibration(organisation.pk)
    ratings, result = tmp_path / "ratings.csv", tmp_path / "calibration.json"

    assert main(["export-ratings", "--org", organisation.slug, str(ratings)]) == 0
    assert f"Wrote {snapshot.n_ratings} ratings" in capsys.readouterr().out
    with ratings.open() as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == [
        "job",
        "candidate",
        "interviewer",
        "competency",
        "rating",
        "scale_min",
        "scale_max",
        "interviewed_at",
    ]
    assert len(rows) == snapshot.n_ratings

    assert calibrate([str(ratings), "--json", str(result)]) == 0
    theirs, ours = json.loads(result.read_text()), snapshot.result
    assert [engine_figures(c) for c in theirs["candidates"]] == [
        engine_figures(c) for c in ours["candidates"]
    ]
    assert theirs["interviewers"] == ours["interviewers"]
    assert theirs["effects"] == ours["effects"]
    assert theirs["reliability"] == ours["reliability"]
    assert len(theirs["candidates"]) > 10 and len(theirs["interviewers"]) >= 3
