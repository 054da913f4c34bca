"""The ordinal (interval) likelihood: truncated-normal moments and the fit."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.stats import truncnorm

from secondround.engine import calibrate, propagation
from secondround.engine.design import build_design
from secondround.engine.model import ORDINAL_OUTER, fit_model
from secondround.engine.ordinal import rating_intervals, truncnorm_moments
from secondround.engine.simulate import simulate

from .test_engine_interval_refit import face_value

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_moments_match_scipy_truncnorm():
    rng = np.random.default_rng(0)
    n = 3000
    mean, sd = rng.normal(0, 3, n), rng.uniform(0.05, 2, n)
    lo = rng.normal(0, 3, n)
    hi = lo + rng.uniform(0.01, 2, n)
    lo[::5], hi[1::5] = -np.inf, np.inf  # open end categories
    m, v = truncnorm_moments(mean, sd, lo, hi)
    ref_m, ref_v = truncnorm.stats(
        (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd, moments="mv"
    )
    np.testing.assert_allclose(m, ref_m, rtol=0, atol=1e-10)
    np.testing.assert_allclose(v, ref_v, rtol=1e-6, atol=1e-12)


def test_moments_far_in_the_tails():
    # An open end category 10 and 40 sds from the mean: the tail mean follows the
    # Mills ratio (just beyond the bound), never 0/0.
    m, v = truncnorm_moments(
        np.array([0.0, 0.0]), 1.0, np.array([10.0, -np.inf]), np.array([np.inf, -40.0])
    )
    ref_m, ref_v = truncnorm.stats([10.0, -np.inf], [np.inf, -40.0], moments="mv")
    np.testing.assert_allclose(m, ref_m, rtol=1e-9)
    np.testing.assert_allclose(v, ref_v, rtol=1e-4)
    # A very narrow interval far out: its midpoint and (nearly) the uniform variance.
    m, v = truncnorm_moments(0.0, 1.0, 30.0, 30.0001)
    assert abs(m - 30.00005) < 1e-6
    assert 0 < v <= 0.0001**2 / 12 * (1 + 1e-6)


@SETTINGS
@given(
    st.floats(-5, 5),
    st.floats(0.05, 3),
    st.floats(-4, 4),
    st.floats(0.01, 3),
    st.sampled_from(["closed", "open_low", "open_high"]),
)
def test_moments_inside_interval_and_monotone_in_the_mean(mean, sd, lo, width, kind):
    hi = lo + width
    lo = -np.inf if kind == "open_low" else lo
    hi = np.inf if kind == "open_high" else hi
    means = mean + np.array([0.0, 0.1, 0.5])
    m, v = truncnorm_moments(means, sd, lo, hi)
    assert np.all((m >= lo - 1e-9) & (m <= hi + 1e-9))
    assert np.all(v >= 0) and np.all(v <= sd * sd * (1 + 1e-9))
    # The truncated mean rises with the untruncated mean (log-concavity).
    assert np.all(np.diff(m) >= -1e-9)


def test_intervals_are_half_points_open_at_the_ends():
    u = np.array([0.0, 1 / 3, 2 / 3, 1.0])  # a 1-4 scale
    iv = rating_intervals(u, np.full(4, 3.0))
    assert iv.lo[0] == -np.inf and iv.hi[-1] == np.inf
    np.testing.assert_allclose(iv.hi[:3], u[:3] + 1 / 6)
    np.testing.assert_allclose(iv.lo[1:], u[1:] - 1 / 6)


def test_unknown_likelihood_is_refused():
    table = simulate(n_jobs=2, team=4, seed=0).table
    with pytest.raises(ValueError, match="likelihood"):
        calibrate(table, likelihood="logit")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_no_ratings_at_the_ends_gives_face_value(seed):
    # A 0-40 scale used in its middle only: the intervals are narrow against the
    # noise and none is open, so the ordinal fit reads the ratings at face value
    # (compared with as many face-value passes: more passes alone move a small fit).
    # Interior intervals still pull each latent value slightly toward the fit
    # (by about w^2 / 12 of the noise variance), hence "close", not equal.
    sim = simulate(
        n_jobs=30, team=10, scale=(0, 40), theta_sd=3.0, severity_sd=1.5, noise_sd=3.0, seed=seed
    )
    assume(not np.isin(sim.table.rating, [0, 40]).any())  # nothing on the ends
    d = build_design(sim.table)
    face = fit_model(d, n_outer=ORDINAL_OUTER)
    ordinal = fit_model(d, intervals=rating_intervals(d.u, np.full(d.n, 40.0)))
    assert np.corrcoef(face.theta, ordinal.theta)[0, 1] > 0.995
    assert np.max(np.abs(face.theta - ordinal.theta)) < 0.25 * np.std(face.theta)
    assert np.max(np.abs(face.b - ordinal.b)) < 0.25 * np.std(face.b)


def _severity_error_of_most_lenient(sim, res) -> float:
    names = [i.interviewer for i in res.interviewers]
    n = np.array([i.n_ratings for i in res.interviewers], dtype=float)
    est = np.array([i.severity for i in res.interviewers])
    true = np.array([sim.severity[k] for k in names])
    est, true = est - np.average(est, weights=n), true - np.average(true, weights=n)
    k = int(np.argmax(true))
    return abs(est[k] - true[k])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_end_piled_lenient_rater_recovered_better_than_face_value(seed, monkeypatch):
    # A 1-4 scale with wide severities: 30-40% of ratings on the two ends, and the
    # most lenient interviewer's ratings pile on 4. Face value cannot reach their
    # latent severity (the ratings stop at 4); the interval likelihood can, and so
    # can the default fit's latent refit of the interviewers (interval_refit.py).
    sim = simulate(n_jobs=60, team=12, scale=(1, 4), severity_sd=0.8, seed=seed)
    ends = np.isin(sim.table.rating, [1, 4]).mean()
    assert ends > 0.28
    refit = _severity_error_of_most_lenient(sim, calibrate(sim.table))
    ordinal = _severity_error_of_most_lenient(sim, calibrate(sim.table, likelihood="ordinal"))
    monkeypatch.setattr(propagation, "latent_refit", face_value)
    face = _severity_error_of_most_lenient(sim, calibrate(sim.table))
    assert ordinal < 0.85 * face
    assert refit < 0.85 * face


def test_raising_a_rating_never_lowers_the_candidate():
    sim = simulate(n_jobs=20, team=8, scale=(1, 4), severity_sd=0.6, seed=3)
    t = sim.table
    base = {c.candidate: c.score for c in calibrate(t, likelihood="ordinal").candidates}
    rng = np.random.default_rng(0)
    for r in rng.choice(np.flatnonzero(t.rating < 4), size=4, replace=False):
        t.rating[r] += 1
        who = t.candidate_ids[t.candidate[r]]
        up = {c.candidate: c.score for c in calibrate(t, likelihood="ordinal").candidates}
        assert up[who] >= base[who] - 1e-6
        t.rating[r] -= 1


def test_cli_likelihood_flag(tmp_path):
    import datetime as dt
    import json

    from secondround.engine.cli import main

    sim = simulate(n_jobs=6, team=5, scale=(1, 4), severity_sd=0.8, seed=1)
    t = sim.table
    src = tmp_path / "r.csv"
    lines = ["job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at"]
    for r in range(len(t)):
        lines.append(
            f"{t.job_ids[t.job[r]]},{t.candidate_ids[t.candidate[r]]},"
            f"{t.interviewer_ids[t.interviewer[r]]},{t.competency_ids[t.competency[r]]},"
            f"{t.rating[r]},1,4,{dt.datetime.fromtimestamp(t.time[r], dt.UTC).isoformat()}"
        )
    src.write_text("\n".join(lines) + "\n")
    scores = {}
    for lik in ("face", "ordinal"):
        out = tmp_path / f"{lik}.json"
        assert main([str(src), "--json", str(out), "--quiet", "--likelihood", lik]) == 0
        doc = json.loads(out.read_text())
        scores[lik] = {c["candidate"]: c["score"] for c in doc["candidates"]}
    assert scores["face"].keys() == scores["ordinal"].keys()
    # Ratings pile on the ends here: the ordinal fit reads them differently.
    assert any(abs(scores["face"][k] - scores["ordinal"][k]) > 1e-3 for k in scores["face"])
