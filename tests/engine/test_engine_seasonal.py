"""The seasonal (quasi-periodic) drift: the damped resonator's Kalman smoother against
the dense Gaussian-process posterior with its covariance, the covariance itself, and
the drift mixture's choice of it on periodic drift and not on rough drift."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from secondround.engine.drift import drift_mixture, interviewer_loglik, posterior_weights
from secondround.engine.smoother import (
    RESONATOR_ENVELOPES,
    drift_transition,
    matern_filter,
    matern_smooth,
    resonator_kernel,
    stationary_covariance,
)
from tests.engine.test_engine_matern import drifting_team, interviewers

DAY = 86400.0


def quasi_periodic(dt: np.ndarray, s2: float, period: float, envelope: float) -> np.ndarray:
    """The reference: ``s2 exp(-|dt| / (envelope period)) cos(2 pi dt / period)``."""
    return s2 * np.exp(-np.abs(dt) / (envelope * period)) * np.cos(2 * np.pi * dt / period)


def dense(y, when, s2, noise, period, envelope, level):
    """Dense GP under the quasi-periodic kernel plus a constant of variance ``level``:
    the drift's posterior mean and variance, its leverage and log p(y) (no 2 pi term)."""
    n = len(y)
    K = quasi_periodic(when[:, None] - when[None, :], s2, period, envelope)
    S = K + level * np.ones((n, n)) + np.diag(np.broadcast_to(noise, (n,)))
    mean = K @ np.linalg.solve(S, y)
    var = np.diag(K - K @ np.linalg.solve(S, K))
    leverage = np.diag(K @ np.linalg.inv(S))
    loglik = -0.5 * (np.linalg.slogdet(S)[1] + y @ np.linalg.solve(S, y))
    return mean, var, leverage, loglik


@settings(max_examples=60, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 12), min_size=1, max_size=5),
    seed=hs.integers(0, 2**16),
    s2=hs.floats(0.01, 2.0),
    noise=hs.floats(0.01, 2.0),
    period=hs.floats(5.0, 400.0),
    envelope=hs.sampled_from(RESONATOR_ENVELOPES),
    level=hs.one_of(hs.none(), hs.floats(0.01, 20.0)),
    unequal=hs.booleans(),
)
def test_resonator_smoother_is_the_exact_posterior(
    sizes, seed, s2, noise, period, envelope, level, unequal
):
    rater, when, y = interviewers(sizes, seed)
    rel = np.random.default_rng(seed).uniform(0.2, 5.0, y.size) if unequal else None
    kernel = resonator_kernel(envelope)
    ms, ps, _, lev_g, own_ll = matern_smooth(
        y, when, rater, s2, noise, period * DAY, level, kernel, noise_rel=rel
    )
    lev = None if level is None else np.array([level])
    one = np.array([s2]), np.array([noise]), np.array([period * DAY])
    loglik, _ = matern_filter(y, when, rater, *one, lev, order=kernel, noise_rel=rel)
    for i in range(len(sizes)):
        own = rater == i
        own_noise = noise if rel is None else noise * rel[own]
        mean, var, leverage, ll = dense(
            y[own], when[own], s2, own_noise, period * DAY, envelope, level or 0.0
        )
        assert np.allclose(ms[own], mean, atol=1e-8, rtol=1e-6)
        assert np.allclose(ps[own], var, atol=1e-8, rtol=1e-6)
        assert np.allclose(lev_g[own], leverage, atol=1e-8, rtol=1e-6)
        assert np.isclose(loglik[i, 0], ll, rtol=1e-8, atol=1e-8)
        assert np.isclose(own_ll[i], ll, rtol=1e-8, atol=1e-8)


def test_state_space_form_reproduces_the_quasi_periodic_kernel():
    u = np.array([0.0, 0.1, 0.25, 0.5, 1.0, 2.3, 7.0])
    for envelope in RESONATOR_ENVELOPES:
        kernel = resonator_kernel(envelope)
        P0 = stationary_covariance(kernel)
        A = drift_transition(u, kernel)
        assert np.allclose((A @ P0)[:, 0, 0], quasi_periodic(u, 1.0, 1.0, envelope), atol=1e-12)
        # Stationary: the covariance carried over u falls short of P_inf by a noise
        # covariance, which must be positive semi-definite.
        gap = np.linalg.eigvalsh(P0 - A @ P0 @ np.swapaxes(A, 1, 2))
        assert np.all(gap > -1e-14)


@settings(max_examples=40, deadline=None)
@given(
    seed=hs.integers(0, 2**16),
    n=hs.integers(2, 40),
    period=hs.floats(1.0, 400.0),
    envelope=hs.sampled_from(RESONATOR_ENVELOPES),
)
def test_quasi_periodic_covariance_is_positive_semi_definite(seed, n, period, envelope):
    # At any times, ties included: the kernel is a valid covariance (a cosine times an
    # exponential, both positive definite), so the smoother's likelihood is a density.
    rng = np.random.default_rng(seed)
    when = np.round(rng.uniform(0, 600, n), 1)
    K = quasi_periodic(when[:, None] - when[None, :], 1.0, period, envelope)
    assert np.linalg.eigvalsh(K).min() > -1e-9 * n


def seasonal_weight(y, when, rater):
    """Each interviewer's posterior weight on the resonators, under the population
    weights the mixture estimates from the same residuals."""
    total = float(np.mean(y * y))
    chosen, prior = drift_mixture(y, when, rater, total, np.ones(y.size))
    weights = posterior_weights(
        interviewer_loglik(y, when, rater, total, np.ones(y.size), chosen), prior
    )
    return weights[:, chosen[:, 0] < 0].sum(axis=1)


def periodic_team(seed):
    """30 interviewers, 60 interviews each over a year; residuals = a strong sine of
    period 3-6 months plus noise, so that several periods are seen."""
    rng = np.random.default_rng(seed)
    n_i, per = 30, 60
    rater = np.repeat(np.arange(n_i), per)
    when = np.sort(rng.uniform(0, 365, (n_i, per)), axis=1).ravel() * DAY
    period = rng.uniform(90, 180, n_i)[rater] * DAY
    drift = 0.9 * np.sin(2 * np.pi * when / period + rng.uniform(0, 7, n_i)[rater])
    y = drift + rng.normal(0, 0.5, n_i * per)
    return y - (np.bincount(rater, y) / per)[rater], when, rater


def test_the_mixture_takes_the_seasonal_kernel_for_periodic_drift_only():
    for seed in range(3):
        y, when, rater = periodic_team(seed)
        assert seasonal_weight(y, when, rater).mean() > 0.6, seed
        # A rough drift (OU of 5 days) has no season: little weight goes to one.
        y, when, rater, _ = drifting_team(seed, rough=True)
        assert seasonal_weight(y, when, rater).mean() < 0.2, seed
