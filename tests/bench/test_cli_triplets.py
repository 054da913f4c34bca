"""bench.cli_triplets: rotated rounds of the command line, and their summary."""

import json
import shutil
from pathlib import Path

import pytest

from bench.cli_triplets import rotated, rounds, summary

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


def test_the_summary_gives_every_later_engine_against_every_earlier_one():
    def run(wall):
        return dict(wall=wall, user=wall, system=0.0, rss=600.0)

    rows = [{"a": run(4.0), "b": run(2.0), "c": run(1.0)}]
    lines = summary(rows, ["a", "b", "c"])
    assert [line.split(",")[0] for line in lines[3:]] == [
        "b / a",
        "b / a",
        "c / a",
        "c / a",
        "c / b",
        "c / b",
    ]
    assert "c / b, wall: median 0.500 (0.50-0.50), below 1 in 1 of 1" in lines


FAKE_MAIN = """import json, sys
out = sys.argv[sys.argv.index("--json") + 1]
json.dump({"engine": __file__}, open(out, "w"))
"""


def fake_engine(directory: Path) -> Path:
    """A ``secondround.engine`` whose command line writes its own path as the JSON."""
    package = directory / "secondround" / "engine"
    package.mkdir(parents=True)
    (directory / "secondround" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(FAKE_MAIN)
    return directory


@pytest.mark.skipif(shutil.which("/usr/bin/time") is None, reason="needs /usr/bin/time")
def test_rounds_run_each_engine_given_in_the_rotated_order(tmp_path, monkeypatch):
    # Run from the repository's root: ``python -m`` would prefer its engine to PYTHONPATH's.
    monkeypatch.chdir(ROOT)
    engines = {name: fake_engine(tmp_path / name) for name in ("x", "y")}
    out = tmp_path / "out"
    out.mkdir()
    rows = rounds(engines, tmp_path / "r.csv", 2, out)
    assert [row["order"] for row in rows] == [["x", "y"], ["y", "x"]]
    for name in ("x", "y"):
        ran = json.loads((out / f"{name}.json").read_text())["engine"]
        assert Path(ran).is_relative_to(tmp_path / name)
        assert all(row[name]["wall"] > 0 and row[name]["rss"] > 1 for row in rows)


@pytest.mark.parametrize(
    "args, reason",
    [
        (["before"], "NAME=REV"),
        (["a=HEAD", "a=HEAD"], "NAME=REV"),
        (["a=HEAD", "--rounds", "0"], "at least 1"),
    ],
    ids=["no revision", "a name twice", "no rounds"],
)
def test_bad_arguments_are_refused_before_any_checkout(args, reason, tmp_path, capsys):
    from bench.cli_triplets import main

    ratings = tmp_path / "r.csv"
    ratings.write_text("")
    with pytest.raises(SystemExit) as exit:
        main([str(ratings), *args, "--workdir", str(tmp_path / "work")])
    assert exit.value.code == 2
    assert reason in capsys.readouterr().err
    assert not (tmp_path / "work").exists()
