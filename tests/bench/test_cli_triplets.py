"""bench.cli_triplets: rotated rounds of the command line, and their summary."""

import shutil
from pathlib import Path

import pytest

from bench.cli_triplets import rotated, rounds, summary
from bench.simulate import simulate_n, write_ratings_csv

ROOT = Path(__file__).resolve().parents[2]


def test_each_round_starts_with_the_next_engine():
    names = ["before", "main", "branch"]
    orders = [rotated(names, k) for k in range(4)]
    assert orders == [
        ["before", "main", "branch"],
        ["main", "branch", "before"],
        ["branch", "before", "main"],
        ["before", "main", "branch"],
    ]


def test_the_summary_takes_medians_of_the_ratios_round_by_round():
    def run(wall, cpu):
        return dict(wall=wall, user=cpu - 0.5, system=0.5, rss=600.0)

    rows = [
        {"a": run(4.0, 4.0), "b": run(2.0, 8.0)},
        {"a": run(8.0, 8.0), "b": run(12.0, 4.0)},
        {"a": run(10.0, 2.0), "b": run(10.0, 3.0)},
    ]
    lines = summary(rows, ["a", "b"])
    # Ratios b/a: wall 0.5, 1.5, 1.0 (median 1.0); CPU 2.0, 0.5, 1.5 (median 1.5).
    assert "b / a, wall: median 1.000 (0.50-1.50), below 1 in 1 of 3" in lines
    assert "b / a, CPU: median 1.500 (0.50-2.00), below 1 in 1 of 3" in lines
    assert lines[0].startswith("a: wall 8.00 s (4.00-10.00), CPU 4.00 s")


@pytest.mark.skipif(shutil.which("/usr/bin/time") is None, reason="needs /usr/bin/time")
def test_rounds_run_every_engine_in_the_rotated_order(tmp_path):
    path = tmp_path / "r.csv"
    write_ratings_csv(simulate_n(2000, seed=1), path)
    rows = rounds({"x": ROOT, "y": ROOT}, path, 2, tmp_path)
    assert [row["order"] for row in rows] == [["x", "y"], ["y", "x"]]
    for row in rows:
        for name in ("x", "y"):
            assert row[name]["wall"] > 0 and row[name]["rss"] > 50
    assert (tmp_path / "x.json").stat().st_size > 1000
