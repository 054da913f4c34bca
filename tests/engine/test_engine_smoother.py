"""The reference Kalman smoother of an Ornstein-Uhlenbeck drift (ou_reference.py, which
test_engine_matern.py checks smoother.py's order 0 against) against the dense
Gaussian-process posterior it computes, and the drift the engine gives (drift.py)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from secondround.engine.drift import drift_offsets
from tests.engine.ou_reference import ou_filter, ou_smooth

DAY = 86400.0

params = {
    "s2": hs.floats(0.01, 2.0),
    "noise": hs.floats(0.01, 2.0),
    "tau": hs.floats(0.5, 300.0),
}


def interviewers(sizes, seed):
    """Interviewers with ``sizes`` interviews at random times (ties included), sorted."""
    rng = np.random.default_rng(seed)
    rater = np.repeat(np.arange(len(sizes)), sizes)
    gaps = rng.choice([0.0, 0.5, 3.0, 20.0, 90.0], rater.size) * DAY
    when = np.concatenate([np.cumsum(gaps[rater == i]) for i in range(len(sizes))])
    return rater, when, rng.normal(size=rater.size)


def dense_posterior(y, when, s2, noise, tau):
    """Posterior mean and variance of x at every point, and log p(y), by dense algebra."""
    K = s2 * np.exp(-np.abs(when[:, None] - when[None, :]) / tau)
    S = K + noise * np.eye(len(y))
    mean = K @ np.linalg.solve(S, y)
    var = np.diag(K - K @ np.linalg.solve(S, K))
    loglik = -0.5 * (np.linalg.slogdet(S)[1] + y @ np.linalg.solve(S, y))
    return mean, var, loglik


@settings(max_examples=60, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 12), min_size=1, max_size=5),
    seed=hs.integers(0, 2**16),
    **params,
)
def test_smoother_is_the_exact_posterior(sizes, seed, s2, noise, tau):
    rater, when, y = interviewers(sizes, seed)
    ms, ps = ou_smooth(y, when, rater, s2, noise, tau * DAY)
    loglik, _ = ou_filter(y, when, rater, np.array([s2]), np.array([noise]), np.array([tau * DAY]))
    total = 0.0
    for i in range(len(sizes)):
        own = rater == i
        mean, var, ll = dense_posterior(y[own], when[own], s2, noise, tau * DAY)
        assert np.allclose(ms[own], mean, atol=1e-9, rtol=1e-7)
        assert np.allclose(ps[own], var, atol=1e-9, rtol=1e-7)
        total += ll
    assert np.isclose(loglik[0], total, rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 15), min_size=1, max_size=5),
    seed=hs.integers(0, 2**16),
    level=hs.floats(-2.0, 2.0),
    tau=hs.floats(0.5, 300.0),
)
def test_a_free_drift_follows_a_constant_and_an_absent_one_stays_zero(sizes, seed, level, tau):
    rater, when, _ = interviewers(sizes, seed)
    y = np.full(rater.size, level)
    huge, _ = ou_smooth(y, when, rater, 1e8, 1.0, tau * DAY)
    assert np.allclose(huge, level, atol=1e-6)
    none, var = ou_smooth(y, when, rater, 1e-12, 1.0, tau * DAY)
    assert np.allclose(none, 0.0, atol=1e-10) and np.all(var <= 1e-12 * (1 + 1e-9))


def test_drift_follows_a_sine_over_irregular_times():
    # Interviews at irregular times (bursts and month-long gaps): a leniency read
    # over actual time follows the sine; the mean of 6 neighbours each side that
    # the engine used before (correlation 0.33-0.51 on these seeds) did not.
    for seed in range(4):
        rng = np.random.default_rng(seed)
        n_i, per = 20, 60
        rater = np.repeat(np.arange(n_i), per)
        gaps = rng.exponential(6.0, (n_i, per)) * np.where(rng.random((n_i, per)) < 0.1, 8, 1)
        when = np.cumsum(gaps, axis=1).ravel() * DAY
        pos = np.tile(np.arange(per), n_i)
        prev = np.where(pos > 0, np.arange(n_i * per) - 1, -1)
        true = 0.3 * np.sin(2 * np.pi * when / (120 * DAY) + rng.uniform(0, 6, n_i)[rater])
        true -= (np.bincount(rater, true) / per)[rater]
        resid = true + rng.normal(0, 0.3, n_i * per)
        drift, s2, _ = drift_offsets(resid, rater, prev, np.arange(n_i * per), n_i, when)
        assert np.corrcoef(drift, true)[0, 1] > 0.65, seed
        assert np.mean((drift - true) ** 2) < 0.6 * np.var(true), seed
