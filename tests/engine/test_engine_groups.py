"""Separate groups of interviewers: each is calibrated, and candidates that only
separate groups met are called "not comparable" instead of given a P(best)."""

import json

import numpy as np
import pytest

from secondround.engine import RatingsTable, calibrate
from secondround.engine.api import compute
from secondround.engine.jsonout import dumps

from .cases import split_job, two_departments


def test_two_departments_are_both_calibrated():
    res = calibrate(RatingsTable.from_records(two_departments()))
    by = {i.interviewer: i for i in res.interviewers}
    # Team B's lenient B1 and harsh B2 are found, relative to their own team,
    # as well as team A's (before, team B was held at severity 0).
    assert by["B1"].severity > 0.6 and by["B2"].severity < -0.6
    assert by["A1"].severity > 0.6 and by["A2"].severity < -0.6
    assert {by[w].group for w in ("A1", "A2", "A3", "A4")} != {by[w].group for w in ("B1", "B2")}
    assert sorted({i.group for i in res.interviewers}) == [1, 2]
    # Each department's own jobs are comparable: P(best) sums to 1.
    for job in {c.job for c in res.candidates}:
        assert sum(c.p_best for c in res.candidates if c.job == job) == pytest.approx(1.0)


def test_group_warning_names_the_groups_their_sizes_and_what_would_link_them():
    res = calibrate(RatingsTable.from_records(two_departments()))
    (warning,) = [w for w in res.warnings if "separate groups" in w]
    assert "2 separate groups" in warning
    assert "group 1: 4 interviewer(s), 216 ratings" in warning
    assert "group 2: 4 interviewer(s), 216 ratings" in warning
    assert "A1" in warning and "B1" in warning
    assert "One candidate interviewed by someone from each group would link them" in warning


def test_a_job_split_between_groups_has_no_p_best_and_says_why():
    res = calibrate(RatingsTable.from_records(split_job()))
    x, y = res.candidate("X"), res.candidate("Y")
    assert x.group != y.group
    assert not x.comparable and not y.comparable
    # The other jobs keep their P(best).
    assert all(c.comparable for c in res.candidates if c.job != "J")
    (warning,) = [w for w in res.warnings if w.startswith("Job J:")]
    assert "not comparable" in warning and "P(best) is not given" in warning
    assert "someone from each group" in warning
    text = " ".join(res.explain("Y"))
    assert "P(best in J) is not given" in text and "cannot be compared" in text
    assert "%" not in text.split("P(best in J)")[1].split(".")[0]


def test_not_comparable_is_null_in_the_json_from_both_writers():
    table = RatingsTable.from_records(split_job())
    doc = json.loads(dumps(compute(table)))
    assert doc == calibrate(table).to_json()
    by = {c["candidate"]: c for c in doc["candidates"]}
    assert by["X"]["p_best"] is None and by["Y"]["p_best"] is None
    assert by["X"]["group"] != by["Y"]["group"]
    assert all(c["p_best"] is not None for c in doc["candidates"] if c["job"] != "J")
    assert {i["group"] for i in doc["interviewers"]} == {1, 2}


def test_the_unknown_offset_between_groups_widens_the_sds():
    # The same team B ratings, once as a separate department and once linked to
    # team A through two shared candidates: separate, the scores are less sure.
    recs = two_departments(seed=2)
    linked = recs + [
        dict(r, candidate=f"link{k}", job="K0", interviewer=who)
        for k in range(2)
        for who in ("A3", "B3")
        for r in recs[:3]
    ]
    alone = calibrate(RatingsTable.from_records(recs))
    joined = calibrate(RatingsTable.from_records(linked))
    sd_alone = np.mean([c.sd for c in alone.candidates if c.candidate.startswith("b")])
    sd_joined = np.mean([c.sd for c in joined.candidates if c.candidate.startswith("b")])
    assert sd_alone > sd_joined
    assert not any("separate groups" in w for w in joined.warnings)
