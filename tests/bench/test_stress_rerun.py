"""bench.stress_rerun: the engine alone, re-run on saved organisations with the saved
oracle, gives the same frames as the full run when the engine is the same."""

import pandas as pd

from bench import stress
from bench.stress_rerun import rerun

SCENARIO = "sparse coverage (2-3 of 5)"


def test_rerun_with_the_same_engine_reproduces_the_saved_run(tmp_path):
    saved_dir, rerun_dir = tmp_path / "saved", tmp_path / "rerun"
    saved_dir.mkdir(), rerun_dir.mkdir()
    stress.main(["--quick", "--scenario", SCENARIO, "--save", str(saved_dir)])
    sampling = stress.oracle_posterior
    rerun(SCENARIO, saved_dir, rerun_dir)
    assert stress.oracle_posterior is sampling  # restored for whatever runs next
    before, _, _ = stress.saved(SCENARIO, saved_dir)
    after, _, _ = stress.saved(SCENARIO, rerun_dir)
    pd.testing.assert_frame_equal(before, after)


def test_a_directory_with_some_scenarios_is_summarised_and_compared_whole(tmp_path, capsys):
    # Saved directories hold the scenarios run into them (or all the suite had then):
    # without --scenario, the summary and the comparison take what both hold.
    from bench.stress_compare import main as compare

    saved_dir, rerun_dir = tmp_path / "saved", tmp_path / "rerun"
    saved_dir.mkdir(), rerun_dir.mkdir()
    stress.main(["--quick", "--scenario", SCENARIO, "--save", str(saved_dir)])
    rerun(SCENARIO, saved_dir, rerun_dir)
    capsys.readouterr()
    stress.main(["--load", str(saved_dir)])
    summary = capsys.readouterr().out
    compare([str(saved_dir), str(rerun_dir)])
    comparison = capsys.readouterr().out
    for out in (summary, comparison):
        assert f"| {SCENARIO} |" in out
        assert "| drift |" not in out
    assert "| 0.000 [0.000, 0.000] |" in comparison
