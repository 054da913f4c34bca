"""The adversarial cases are valid Ratings CSV input with the shape they describe."""

from __future__ import annotations

import numpy as np
import pytest

from bench.adversarial import CASES
from secondround.engine import RatingsTable
from secondround.engine.table import COLUMNS


@pytest.mark.parametrize("name", list(CASES))
def test_each_case_is_valid_engine_input(name):
    df = CASES[name][0]()
    assert list(df.columns) == list(COLUMNS)
    table = RatingsTable.from_columns(*(df[c].to_numpy() for c in COLUMNS))
    assert len(table.rating) == len(df)
    assert df["rating"].between(df["scale_min"], df["scale_max"]).all()


def _case(name):
    return CASES[name][0]()


def test_degenerate_cases_are_degenerate():
    assert _case("one interviewer")["interviewer"].nunique() == 1
    assert _case("one candidate")["candidate"].nunique() == 1
    assert _case("all one value")["rating"].nunique() == 1
    r = _case("one-value rater")
    assert r.groupby("interviewer")["rating"].nunique().sort_values().tolist()[:2][0] == 1
    assert (r.groupby("interviewer")["rating"].nunique() > 1).sum() == 4
    assert _case("equal timestamps")["interviewed_at"].nunique() == 1
    assert _case("0-100 scale")["scale_max"].eq(100).all()


def test_lenient_solo_candidate_is_seen_by_the_lenient_rater_only():
    r = _case("lenient solo")
    open_job = r[r["job"] == "open"]
    assert open_job.loc[open_job["candidate"] == "solo", "interviewer"].unique().tolist() == ["len"]
    trio = open_job[open_job["candidate"] == "trio"]
    assert trio["interviewer"].nunique() == 3
    assert trio["rating"].mean() == pytest.approx(4.17, abs=0.01)
    past = r[r["job"] == "past"]
    mean_by = past.groupby("interviewer")["rating"].mean()
    assert mean_by.idxmax() == "len"


@pytest.mark.parametrize("name", ["disconnected panels", "two departments"])
def test_groups_share_no_interviewer_and_no_candidate(name):
    r = _case(name)
    # Interviewers linked by a shared candidate form groups: there are exactly two.
    group = {w: w for w in r["interviewer"].unique()}

    def root(w):
        while group[w] != w:
            w = group[w]
        return w

    for _, ws in r.groupby("candidate")["interviewer"]:
        ws = list(ws.unique())
        for w in ws[1:]:
            group[root(w)] = root(ws[0])
    assert len({root(w) for w in group}) == 2
    assert np.isin(r["job"].nunique(), [1, 4])
