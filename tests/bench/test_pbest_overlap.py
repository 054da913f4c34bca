"""bench.pbest_overlap times both ways on a small file."""

from bench.pbest_overlap import timed_pairs
from bench.simulate import simulate_n, write_ratings_csv


def test_both_ways_are_timed_in_alternation(tmp_path):
    path = tmp_path / "r.csv"
    write_ratings_csv(simulate_n(2000, seed=1), path)
    rows = timed_pairs(str(path), 2)
    assert [mode for mode, _, _ in rows] == ["sequential", "overlapped"] * 2
    assert all(wall > 0 and cpu > 0 for _, wall, cpu in rows)
