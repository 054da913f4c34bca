"""Adversarial inputs with no other test file: one interviewer, one candidate, a 0-100
scale. (All one value, a one-value rater and a candidate seen by one lenient rater are
in test_engine_degenerate.py; two departments and disconnected panels in one job in
test_engine_groups.py; equal timestamps in test_engine_order.py.) Each checks that the
output is sensible and that the words are honest."""

import numpy as np

from secondround.engine import RatingsTable, calibrate

from .cases import rec, team


def test_one_interviewer_is_taken_as_given_and_said_to_be():
    recs = [
        rec("J", f"C{c}", "A", k, 1 + (c + i) % 5, c) for c in range(5) for i, k in enumerate("abc")
    ]
    res = calibrate(RatingsTable.from_records(recs))
    (a,) = res.interviewers
    assert a.severity == 0.0 and abs(a.scale_use - 1.0) < 1e-9 and a.flag == "alone"
    # The order follows the raw means; nothing is corrected.
    by_raw = sorted(res.candidates, key=lambda c: -c.raw_mean)
    assert [c.candidate for c in by_raw] == [c.candidate for c in res.candidates]
    assert sum(c.p_best for c in res.candidates) > 0.99
    assert any("Only one interviewer (A)" in w for w in res.warnings)
    words = " ".join(res.explain("C2"))
    assert "only interviewer in their group, so their habits cannot be measured" in words
    assert "rates like colleagues" not in words and "points above" not in words


def test_one_candidate_gets_p_best_one_and_no_invented_habits():
    recs = [rec("J", "C", f"I{i}", k, 2 + i, i) for i in range(3) for k in "ab"]
    res = calibrate(RatingsTable.from_records(recs))
    (c,) = res.candidates
    assert c.p_best == 1.0 and abs(c.raw_mean - 3.0) < 1e-9 and np.isfinite(c.sd)
    # Three interviewers disagreeing on one candidate: their severities are not
    # measurable beyond noise, and the words do not pretend they are.
    assert all(abs(i.severity) < 2 * i.severity_sd for i in res.interviewers)
    words = " ".join(res.explain("C"))
    assert "points above" not in words and "points below" not in words
    assert any("Only 6 ratings" in w for w in res.warnings)


def test_a_0_to_100_scale_is_calibrated_in_its_own_points():
    rng = np.random.default_rng(1)
    recs = team(rng, ["A", "B", "C", "D"], "c", lo=0, hi=100, offsets={"A": 15, "B": -15})
    res = calibrate(RatingsTable.from_records(recs))
    by = {i.interviewer: i for i in res.interviewers}
    assert 8 < by["A"].severity < 22 and -22 < by["B"].severity < -8
    assert abs(by["C"].severity) < 6 and abs(by["D"].severity) < 6
    assert all(c.sd < 10 for c in res.candidates)
    assert not res.warnings
    words = " ".join(res.explain(res.candidates[0].candidate))
    assert "A rates" in words and "points above colleagues" in words
