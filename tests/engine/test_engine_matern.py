"""The Kalman smoother of a Matérn drift (smoother.py) against the dense Gaussian-process
posterior and marginal likelihood it computes, with and without a constant per
interviewer, and its state-space form against the kernel."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from secondround.engine.drift import (
    DRIFT_KERNELS,
    DRIFT_SHARES,
    choose_drift_model,
    drift_grids,
)
from secondround.engine.smoother import (
    matern_filter,
    matern_sde,
    matern_smooth,
    matern_transition,
)
from tests.engine.ou_reference import leave_own_out, ou_filter, ou_smooth

DAY = 86400.0


def matern52_kernel(dt: np.ndarray, s2: float, ell: float) -> np.ndarray:
    """The reference: Matérn-5/2 covariance ``s2 (1 + sqrt5 u + 5 u^2 / 3) exp(-sqrt5 u)``,
    ``u = |dt| / ell`` (the engine runs its state-space form only)."""
    u = np.abs(dt) / ell
    r5 = np.sqrt(5.0)
    return s2 * (1.0 + r5 * u + 5.0 * u * u / 3.0) * np.exp(-r5 * u)


def interviewers(sizes, seed):
    """Interviewers with ``sizes`` interviews at random times (ties included), sorted."""
    rng = np.random.default_rng(seed)
    rater = np.repeat(np.arange(len(sizes)), sizes)
    gaps = rng.choice([0.0, 0.02, 0.5, 3.0, 20.0, 90.0], rater.size) * DAY
    when = np.concatenate([np.cumsum(gaps[rater == i]) for i in range(len(sizes))])
    return rater, when, rng.normal(size=rater.size)


def dense(y, when, s2, noise, ell, level):
    """Dense GP: posterior mean and variance of the drift, the drift's mean given the
    other observations, and log p(y) (without the 2 pi term), kernel Matérn-5/2 plus
    a constant of variance ``level``."""
    n = len(y)
    K = matern52_kernel(when[:, None] - when[None, :], s2, ell)
    S = K + level * np.ones((n, n)) + noise * np.eye(n)
    mean = K @ np.linalg.solve(S, y)
    var = np.diag(K - K @ np.linalg.solve(S, K))
    others = np.array(
        [
            K[k, rest] @ np.linalg.solve(S[np.ix_(rest, rest)], y[rest]) if rest.any() else 0.0
            for k in range(n)
            for rest in [np.arange(n) != k]
        ]
    )
    loglik = -0.5 * (np.linalg.slogdet(S)[1] + y @ np.linalg.solve(S, y))
    return mean, var, others, loglik


@settings(max_examples=60, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 12), min_size=1, max_size=5),
    seed=hs.integers(0, 2**16),
    s2=hs.floats(0.01, 2.0),
    noise=hs.floats(0.01, 2.0),
    ell=hs.floats(1.0, 300.0),
    level=hs.one_of(hs.none(), hs.floats(0.01, 20.0)),
)
def test_matern_smoother_is_the_exact_posterior(sizes, seed, s2, noise, ell, level):
    rater, when, y = interviewers(sizes, seed)
    ms, ps, others = matern_smooth(y, when, rater, s2, noise, ell * DAY, level)
    lev = None if level is None else np.array([level])
    loglik, _ = matern_filter(
        y, when, rater, np.array([s2]), np.array([noise]), np.array([ell * DAY]), lev
    )
    total = 0.0
    for i in range(len(sizes)):
        own = rater == i
        mean, var, rest, ll = dense(y[own], when[own], s2, noise, ell * DAY, level or 0.0)
        assert np.allclose(ms[own], mean, atol=1e-8, rtol=1e-6)
        assert np.allclose(ps[own], var, atol=1e-8, rtol=1e-6)
        assert np.allclose(others[own], rest, atol=1e-7, rtol=1e-5)
        total += ll
    assert np.isclose(loglik[0], total, rtol=1e-8, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 10), min_size=1, max_size=4),
    seed=hs.integers(0, 2**16),
    s2=hs.floats(0.01, 2.0),
    noise=hs.floats(0.01, 2.0),
    tau=hs.floats(0.5, 300.0),
)
def test_order_zero_is_the_ornstein_uhlenbeck_smoother(sizes, seed, s2, noise, tau):
    # Matérn-1/2 is the OU: the general recursions reproduce the scalar ones, so the
    # two kernels' likelihoods compare on one footing.
    rater, when, y = interviewers(sizes, seed)
    one = np.array([s2]), np.array([noise]), np.array([tau * DAY])
    assert np.allclose(
        matern_filter(y, when, rater, *one, order=0)[0], ou_filter(y, when, rater, *one)[0]
    )
    ms, ps, others = matern_smooth(y, when, rater, s2, noise, tau * DAY, order=0)
    want_m, want_p = ou_smooth(y, when, rater, s2, noise, tau * DAY)
    assert np.allclose(ms, want_m, atol=1e-10) and np.allclose(ps, want_p, atol=1e-10)
    assert np.allclose(others, leave_own_out(want_m, want_p, y, noise, s2), atol=1e-8)


def test_state_space_form_reproduces_the_matern_kernels():
    # Cov(x(t + u), x(t)) is the first entry of exp(F u) P_inf: the Matérn kernels of
    # half-integer order, written out.
    u = np.array([0.0, 0.1, 0.5, 1.0, 2.5, 7.0])
    kernels = {
        0: np.exp(-u),
        1: (1 + np.sqrt(3) * u) * np.exp(-np.sqrt(3) * u),
        2: matern52_kernel(u, 1.0, 1.0),
        3: (1 + np.sqrt(7) * u + 14 * u**2 / 5 + 7 * np.sqrt(7) * u**3 / 15)
        * np.exp(-np.sqrt(7) * u),
    }
    for p, want in kernels.items():
        P0 = matern_sde(p)[2]
        A = matern_transition(u, p)
        assert np.allclose((A @ P0)[:, 0, 0], want, atol=1e-12), p
        # Stationary: the covariance carried over u plus the noise added is P_inf.
        assert np.all(np.linalg.eigvalsh(P0 - A @ P0 @ np.swapaxes(A, 1, 2)) > -1e-10), p


def drifting_team(seed, rough):
    """30 interviewers, 60 interviews each over a year; residuals = drift + noise,
    the drift a sine of period 4-12 months (smooth) or an OU of time scale 5 days."""
    rng = np.random.default_rng(seed)
    n_i, per = 30, 60
    rater = np.repeat(np.arange(n_i), per)
    when = np.sort(rng.uniform(0, 365, (n_i, per)), axis=1).ravel() * DAY
    if rough:
        drift = np.empty(n_i * per)
        for i in range(n_i):  # exact OU draws at the interview times
            x, last = rng.normal(), None
            for g in range(i * per, (i + 1) * per):
                if last is not None:
                    rho = np.exp(-(when[g] - last) / (5 * DAY))
                    x = rho * x + np.sqrt(1 - rho * rho) * rng.normal()
                drift[g], last = x, when[g]
        drift *= 0.6
    else:
        period = rng.uniform(120, 365, n_i)[rater] * DAY
        drift = 0.6 * np.sqrt(2) * np.sin(2 * np.pi * when / period + rng.uniform(0, 7, n_i)[rater])
    y = drift + rng.normal(0, 0.8, n_i * per)
    y -= (np.bincount(rater, y) / per)[rater]
    return y, when, rater, float(np.mean(y * y))


def test_marginal_likelihood_tells_smooth_drift_from_rough():
    for seed in range(3):
        y, when, rater, total = drifting_team(seed, rough=False)
        order, scale, share = choose_drift_model(y, when, rater, total)
        assert order == 2 and 0.1 <= share <= 0.6, (seed, order, share)
        y, when, rater, total = drifting_team(seed, rough=True)
        order, scale, share = choose_drift_model(y, when, rater, total)
        assert order == 0 and scale <= 30 * DAY, (seed, order, scale)


def test_a_later_pass_refines_the_first_choice_as_the_full_grid_would():
    # A later pass sees residuals that differ a little from the first pass's (here:
    # fresh noise on the same drift); around the first choice it must land where the
    # full grid of both kernels lands, from the choice itself or from one step off.
    for seed in range(3):
        for rough in (False, True):
            y, when, rater, total = drifting_team(seed, rough)
            first = choose_drift_model(y, when, rater, total)
            again = y + np.random.default_rng(seed + 10).normal(0, 0.1, y.size)
            again -= (np.bincount(rater, again) / np.bincount(rater))[rater]
            total2 = float(np.mean(again * again))
            afresh = choose_drift_model(again, when, rater, total2)
            assert choose_drift_model(again, when, rater, total2, first) == afresh, (seed, rough)
            order, scale, share = afresh
            days = dict(DRIFT_KERNELS)[order]
            k = int(np.argmin(np.abs(days - scale / DAY)))
            step = days[k + 1 if k + 1 < days.size else k - 1] * DAY
            off = choose_drift_model(again, when, rater, total2, (order, step, share))
            assert off == afresh, (seed, rough, off, afresh)


def test_after_a_choice_only_its_kernel_and_neighbours_are_tried():
    assert [o for o, _, _ in drift_grids(None)] == [o for o, _ in DRIFT_KERNELS]
    for order, days in DRIFT_KERNELS:
        for k in range(days.size):
            for j in range(DRIFT_SHARES.size):
                grids = drift_grids((order, days[k] * DAY, DRIFT_SHARES[j]))
                assert len(grids) == 1 and grids[0][0] == order
                _, near_days, near_shares = grids[0]
                assert list(near_days) == list(days[max(k - 1, 0) : k + 2])
                assert list(near_shares) == list(DRIFT_SHARES[max(j - 1, 0) : j + 2])
