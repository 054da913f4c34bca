"""Honest uncertainty: the interviewers' sds are the size of their actual errors, for
busy and quiet interviewers alike, and ratings piled on an end widen them."""

import numpy as np
import pytest

from secondround.engine import RatingsTable, calibrate, propagation
from secondround.engine.rater_sds import centred_variances

from .cases import busy_and_quiet, lone_lenient_candidate, rec
from .test_engine_interval_refit import face_value


def interviewer_errors(seeds):
    """z = (estimate - truth) / sd per interviewer (truth and estimates centred the
    engine's way: severities averaging 0, scale uses with geometric mean 1, by ratings)."""
    rows = []
    for seed in seeds:
        recs, truth = busy_and_quiet(seed)
        res = calibrate(RatingsTable.from_records(recs))
        iv = res.interviewers
        n = np.array([i.n_ratings for i in iv], float)
        w = n / n.sum()
        b = np.array([truth[i.interviewer][0] for i in iv])
        la = np.log([truth[i.interviewer][1] for i in iv])
        b_hat = np.array([i.severity for i in iv])
        la_hat = np.log([i.scale_use for i in iv])
        z_b = ((b_hat - w @ b_hat) - (b - w @ b)) / np.array([i.severity_sd for i in iv])
        a_hat, a = np.exp(la_hat - w @ la_hat), np.exp(la - w @ la)
        z_a = (a_hat - a) / np.array([i.scale_use_sd for i in iv])
        rows.append(np.column_stack([z_b, z_a, n >= np.median(n)]))
    return np.vstack(rows)


@pytest.fixture(scope="module")
def errors():
    return interviewer_errors(range(3))  # 180 interviewers


def test_severity_sds_are_the_size_of_the_errors_busy_and_quiet(errors):
    z_b, busy = errors[:, 0], errors[:, 2] == 1
    assert 0.85 <= np.std(z_b) <= 1.15
    # Before, the busiest interviewers' sds were the most too small.
    assert 0.85 <= np.std(z_b[busy]) <= 1.15
    assert 0.85 <= np.std(z_b[~busy]) <= 1.15


def test_scale_use_sds_are_the_size_of_the_errors(errors):
    z_a, busy = errors[:, 1], errors[:, 2] == 1
    # 0.87 on main before the latent refit, 0.84 with it (its scale uses of the
    # interviewers with a few ratings on an end are a little closer to the truth, the
    # sds the same: 0.86 with the refit's sds and face-value estimates); the SD of 180
    # z scores has a standard error of about 0.05.
    assert 0.80 <= np.std(z_a) <= 1.15
    assert np.std(z_a[busy]) <= 1.2 and np.std(z_a[~busy]) <= 1.2


def test_a_busy_interviewer_is_part_of_the_reference():
    # Two interviewers with equal variances and weights 0.9 / 0.1: the busy one's error
    # relative to the weighted mean is mostly the quiet one's.
    v = centred_variances(np.array([1.0, 1.0]), np.array([0.9, 0.1]), np.array([0, 0]))
    assert np.allclose(v, [1 - 1.8 + 0.82, 1 - 0.2 + 0.82])


def test_an_interviewer_who_piles_ratings_on_the_top_gets_a_wider_severity_sd(monkeypatch):
    # L is 1.8 points lenient: about 80% of their ratings are 5s, which only bound
    # what they meant. Their severity sd widens by the information those ratings
    # lose; a colleague's (20-28% on the top) much less.
    rng = np.random.default_rng(0)
    recs, t = [], 0.0
    for c in range(40):
        truth = rng.normal(0, 0.8)
        for who in ("A", "B", "C", "L"):
            t += 100
            for comp in "abc":
                lenient = 1.8 if who == "L" else 0.0
                r = np.clip(round(3.5 + lenient + truth + rng.normal(0, 0.5)), 1, 5)
                recs.append(rec("J", f"c{c}", who, comp, r, t))
    table = RatingsTable.from_records(recs)
    res = {i.interviewer: i for i in calibrate(table).interviewers}
    monkeypatch.setattr(propagation, "latent_refit", face_value)
    face = {i.interviewer: i for i in calibrate(table).interviewers}
    assert res["L"].flag != "one_value" and res["L"].severity > 0.5
    assert res["L"].severity_sd > 1.25 * face["L"].severity_sd
    # Read on the latent scale, L is further out than at face value, closer to the
    # truth relative to the four interviewers' average (1.8 - 1.8 / 4 = 1.35).
    assert face["L"].severity < res["L"].severity < 1.35 + 2 * res["L"].severity_sd
    widened = {k: res[k].severity_sd / face[k].severity_sd for k in "AL"}
    assert widened["A"] < 0.5 * widened["L"]


def test_a_lead_resting_on_one_interview_is_called_thin():
    res = calibrate(RatingsTable.from_records(lone_lenient_candidate()))
    x, y = res.candidate("X"), res.candidate("Y")
    assert y.p_best > x.p_best
    # Whichever leads, the words say when the lead rests on one interviewer.
    top = max((c for c in res.candidates if c.job == "J"), key=lambda c: c.p_best)
    thin = [w for w in res.warnings if "interviewed by one person only" in w]
    assert bool(thin) == (top.candidate == "X")
    recs = [r for r in lone_lenient_candidate() if r["candidate"] != "Y"]
    res = calibrate(RatingsTable.from_records(recs))
    x = res.candidate("X")
    assert max(c.p_best for c in res.candidates if c.job == "J") == x.p_best
    (w,) = [w for w in res.warnings if "interviewed by one person only" in w]
    assert "Job J" in w and "(X, P(best)" in w and "Another interview" in w
