"""The command line: output, atomic writes, and a clear message for each bad input."""

import json
import os
import subprocess
import sys

import pytest

from secondround.engine import calibrate, read_ratings_csv
from secondround.engine.cli import main

HEADER = "job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at\n"
ROWS = [
    "J1,C1,I1,skill,4,1,5,2024-05-01T09:00:00Z",
    "J1,C1,I2,skill,3,1,5,2024-05-01T10:00:00Z",
    "J1,C2,I1,skill,2,1,5,2024-05-01T11:00:00Z",
    "J1,C2,I2,skill,3,1,5,2024-05-01T12:00:00+02:00",
    "J1,C3,I1,skill,5,1,5,2024-05-02",
    "J1,C3,I2,skill,4,1,5,2024-05-02T10:00:00",
]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _write(tmp_path, text, name="r.csv", mode="w"):
    p = tmp_path / name
    if mode == "wb":
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_cli_writes_the_design_json(tmp_path, capsys):
    src = _write(tmp_path, HEADER + "\n".join(ROWS) + "\n")
    out = tmp_path / "out.json"
    assert main([str(src), "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert set(doc) >= {"candidates", "interviewers", "effects", "reliability"}
    c = doc["candidates"][0]
    assert {"job", "candidate", "score", "sd", "p_best", "competencies"} <= set(c)
    assert set(c["competencies"]["skill"]) == {"score", "sd"}
    assert {"interviewer", "severity", "severity_sd", "n_ratings"} <= set(doc["interviewers"][0])
    assert {"contrast", "contrast_sd"} <= set(doc["effects"])
    rel = doc["reliability"]["J1"]
    assert rel["design"] == "complete" and set(rel["icc"]) == {
        "ICC1",
        "ICC2",
        "ICC3",
        "ICC1k",
        "ICC2k",
        "ICC3k",
    }
    assert sum(c["p_best"] for c in doc["candidates"]) == pytest.approx(1.0, abs=1e-3)
    # The fast writer and the dataclasses' to_json give the same document.
    assert doc == calibrate(read_ratings_csv(src)).to_json()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".calibration-")] == []


def test_cli_stdout_and_module_entry(tmp_path):
    src = _write(tmp_path, HEADER + "\n".join(ROWS) + "\n")
    out = tmp_path / "o.json"
    proc = subprocess.run(
        [sys.executable, "-m", "secondround.engine", str(src), "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["candidates"]
    proc = subprocess.run(
        [sys.executable, "-m", "secondround.engine", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "no such file" in proc.stderr


BAD = {
    "missing column": (
        "job,candidate,interviewer,competency,rating,scale_min,interviewed_at\nJ,C,I,k,3,1,2024-01-01\n",
        ["line 1", "missing column 'scale_max'"],
    ),
    "rating outside scale": (
        HEADER + ROWS[0] + "\nJ1,C1,I2,skill,6,1,5,2024-05-01\n",
        ["line 3", "outside"],
    ),
    "unreadable time": (
        HEADER + ROWS[0] + "\nJ1,C1,I2,skill,3,1,5,yesterday\n",
        ["line 3", "interviewed_at"],
    ),
    "duplicate": (
        HEADER + ROWS[0] + "\n" + ROWS[1] + "\n" + ROWS[0] + "\n",
        ["line 4", "duplicate", "line 2"],
    ),
    "non-integer rating": (
        HEADER + ROWS[0] + "\nJ1,C1,I2,skill,3.5,1,5,2024-05-01\n",
        ["line 3", "not an integer"],
    ),
    "empty rating": (HEADER + ROWS[0] + "\nJ1,C1,I2,skill,,1,5,2024-05-01\n", ["line 3", "rating"]),
    "scale_min >= scale_max": (
        HEADER + ROWS[0] + "\nJ1,C1,I2,skill,3,5,5,2024-05-01\n",
        ["line 3", "scale_min"],
    ),
    "candidate under two jobs": (
        HEADER + ROWS[0] + "\nJ2,C1,I2,skill,3,1,5,2024-05-01\n",
        ["line 3", "two jobs"],
    ),
    "empty id": (
        HEADER + ROWS[0] + "\nJ1,C1,,skill,3,1,5,2024-05-01\n",
        ["line 3", "empty interviewer"],
    ),
    "header only": (HEADER, ["no ratings"]),
    "empty file": ("", ["empty"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_with_line_and_problem(tmp_path, capsys, case):
    text, needles = BAD[case]
    src = _write(tmp_path, text)
    out = tmp_path / "out.json"
    assert main([str(src), "--json", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, (case, err)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


def test_non_utf8_and_missing_file(tmp_path, capsys):
    src = _write(
        tmp_path,
        (HEADER + ROWS[0] + "\nJ1,C\xe9,I2,skill,3,1,5,2024-05-01\n").encode("latin-1"),
        mode="wb",
    )
    assert main([str(src), "--json", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "line 3" in err and "UTF-8" in err
    assert main([str(tmp_path / "nope.csv"), "--json", str(tmp_path / "o.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_failed_run_keeps_the_previous_output(tmp_path, capsys):
    out = tmp_path / "out.json"
    out.write_text('{"old": true}')
    src = _write(tmp_path, HEADER + ROWS[0] + "\nJ1,C1,I2,skill,9,1,5,2024-05-01\n")
    assert main([str(src), "--json", str(out)]) == 2
    assert json.loads(out.read_text()) == {"old": True}


def test_an_output_path_that_cannot_be_written_is_the_users_to_fix(tmp_path, capsys):
    # A directory where the JSON should go: exit 2 with the reason (not "internal
    # error"), the directory as it was, no temporary file left beside it.
    src = _write(tmp_path, HEADER + "\n".join(ROWS) + "\n")
    target = tmp_path / "out"
    target.mkdir()
    (target / "kept.txt").write_text("x")
    assert main([str(src), "--json", str(target), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and str(target) in err and "internal error" not in err
    assert [p.name for p in target.iterdir()] == ["kept.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".calibration-")]


def test_blank_lines_keep_line_numbers(tmp_path, capsys):
    src = _write(tmp_path, HEADER + ROWS[0] + "\n\n" + "J1,C1,I2,skill,7,1,5,2024-05-01\n")
    assert main([str(src), "--json", str(tmp_path / "o.json")]) == 2
    assert "line 4" in capsys.readouterr().err


def test_progress_bar_for_large_inputs(tmp_path, capsys):
    from secondround.engine.cli import _Bar

    class Sink:
        text = ""

        def write(self, s):
            Sink.text += s

        def flush(self):
            pass

    bar = _Bar(Sink(), enabled=True)
    bar(0.0, "reading")
    bar(0.5, "fitting")
    bar(1.0, "done")
    assert "50%" in Sink.text and "100%" in Sink.text and Sink.text.endswith("\n")


def test_engine_imports_no_django():
    code = "import sys, secondround.engine, secondround.engine.cli; print('django' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_fast_writer_floats_and_labels_parse_to_the_rounded_values():
    import numpy as np

    from secondround.engine.jsonout import _floats, _strings

    x = np.random.default_rng(0).normal(0, 3, 20_000)
    x[:4] = [np.nan, np.inf, -1e-6, 12345.678951]
    texts = _floats(x)
    assert texts[:2] == ["null", "null"]
    assert [json.loads(t) for t in texts[2:]] == np.round(x[2:], 4).tolist()
    labels = np.array(["plain", 'quote"d', "back\\slash", "tab\there", "naïve"], dtype=object)
    assert [json.loads(t) for t in _strings(labels)] == labels.tolist()
    assert [json.loads(t) for t in _strings(labels[[0, 4]])] == ["plain", "naïve"]
