"""The Kalman smoother of a Matérn drift (smoother.py) against the dense Gaussian-process
posterior and marginal likelihood it computes, with and without a constant per
interviewer, and its state-space form against the kernel."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from secondround.engine.drift import (
    DRIFT_KERNELS,
    DRIFT_SHARES,
    drift_grid,
    drift_mixture,
    drift_offsets,
    interviewer_loglik,
    posterior_weights,
)
from secondround.engine.smoother import (
    matern_filter,
    matern_sde,
    matern_smooth_sets,
    matern_transition,
)
from tests.engine.ou_reference import ou_filter, ou_smooth

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
    """Dense GP: posterior mean of the drift, its leverage (d mean_k / d y_k) and log p(y)
    (without the 2 pi term), kernel Matérn-5/2 plus a constant of variance ``level``;
    ``noise`` a variance per observation or one."""
    n = len(y)
    K = matern52_kernel(when[:, None] - when[None, :], s2, ell)
    S = K + level * np.ones((n, n)) + np.diag(np.broadcast_to(noise, (n,)))
    mean = K @ np.linalg.solve(S, y)
    loglik = -0.5 * (np.linalg.slogdet(S)[1] + y @ np.linalg.solve(S, y))
    leverage = np.diag(K @ np.linalg.inv(S))  # the mean is K S^-1 y
    return mean, leverage, loglik


def matern_smooth(y, when, rater, s2, noise, ell, level=None, order=2, noise_rel=None):
    """:func:`matern_smooth_sets` with one parameter set (scalars): mean and leverage (G,),
    log-likelihoods (I,)."""
    lev = None if level is None else np.array([level])
    mean, leverage, loglik = matern_smooth_sets(
        y, when, rater, np.array([s2]), np.array([noise]), np.array([ell]), lev, order, noise_rel
    )
    return mean[:, 0], leverage[:, 0], loglik[:, 0]


@settings(max_examples=60, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 12), min_size=1, max_size=5),
    seed=hs.integers(0, 2**16),
    s2=hs.floats(0.01, 2.0),
    noise=hs.floats(0.01, 2.0),
    ell=hs.floats(1.0, 300.0),
    level=hs.one_of(hs.none(), hs.floats(0.01, 20.0)),
    unequal=hs.booleans(),
)
def test_matern_smoother_is_the_exact_posterior(sizes, seed, s2, noise, ell, level, unequal):
    rater, when, y = interviewers(sizes, seed)
    # Unequal noise: each observation's variance is noise times its own factor.
    rel = np.random.default_rng(seed).uniform(0.2, 5.0, y.size) if unequal else None
    ms, lev_g, own_ll = matern_smooth(y, when, rater, s2, noise, ell * DAY, level, noise_rel=rel)
    lev = None if level is None else np.array([level])
    loglik, _ = matern_filter(
        y,
        when,
        rater,
        np.array([s2]),
        np.array([noise]),
        np.array([ell * DAY]),
        lev,
        noise_rel=rel,
    )
    assert loglik.shape == (len(sizes), 1)
    for i in range(len(sizes)):
        own = rater == i
        own_noise = noise if rel is None else noise * rel[own]
        mean, leverage, ll = dense(y[own], when[own], s2, own_noise, ell * DAY, level or 0.0)
        assert np.allclose(ms[own], mean, atol=1e-8, rtol=1e-6)
        assert np.allclose(lev_g[own], leverage, atol=1e-8, rtol=1e-6)
        # One log-likelihood per interviewer, in the interviewers' order.
        assert np.isclose(loglik[i, 0], ll, rtol=1e-8, atol=1e-8)
        assert np.isclose(own_ll[i], ll, rtol=1e-8, atol=1e-8)


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
        matern_filter(y, when, rater, *one, order=0)[0].sum(axis=0),
        ou_filter(y, when, rater, *one)[0],
    )
    ms, lev, _ = matern_smooth(y, when, rater, s2, noise, tau * DAY, order=0)
    want_m, want_p = ou_smooth(y, when, rater, s2, noise, tau * DAY)
    assert np.allclose(ms, want_m, atol=1e-10)
    # Without a constant level the leverage is the posterior variance over the noise's.
    assert np.allclose(lev, want_p / noise, atol=1e-10)


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
    # Order 6 (Matérn-13/2, the engine's smoothest) by the general half-integer form:
    # exp(-lam u) p! / (2p)! sum_i (p + i)! / (i! (p - i)!) (2 lam u)^(p - i).
    lam6, f = np.sqrt(13.0), math.factorial
    kernels[6] = (
        np.exp(-lam6 * u)
        * f(6)
        / f(12)
        * sum(f(6 + i) / (f(i) * f(6 - i)) * (2 * lam6 * u) ** (6 - i) for i in range(7))
    )
    for p, want in kernels.items():
        P0 = matern_sde(p)[2]
        A = matern_transition(u, p)
        assert np.allclose((A @ P0)[:, 0, 0], want, atol=1e-12), p
        # Stationary: the covariance carried over u plus the noise added is P_inf.
        # (To rounding: the smoothest kernel's state covariance spans 1 to 5e6.)
        gap = np.linalg.eigvalsh(P0 - A @ P0 @ np.swapaxes(A, 1, 2))
        assert np.all(gap > -1e-15 * np.abs(P0).max()), p


def drifting_team(seed, rough, truth=False):
    """30 interviewers, 60 interviews each over a year; residuals = drift + noise,
    the drift a sine of period 4-12 months (smooth) or an OU of time scale 5 days.
    With ``truth``, the drift itself, centred per interviewer."""
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
    if truth:
        return drift - (np.bincount(rater, drift) / per)[rater]
    y = drift + rng.normal(0, 0.8, n_i * per)
    y -= (np.bincount(rater, y) / per)[rater]
    return y, when, rater, float(np.mean(y * y))


def weight_by_order(weights, settings):
    """Each interviewer's total weight on each kernel order, {order: (I,)}."""
    return {o: weights[:, settings[:, 0] == o].sum(axis=1) for o, _ in DRIFT_KERNELS}


def test_each_interviewer_gets_the_kind_of_drift_their_residuals_show():
    # One team, half of it drifting smoothly and half roughly: the population's
    # weights cover both kinds, and each interviewer's own weights go to their kind.
    for seed in range(3):
        y_s, when, rater, _ = drifting_team(seed, rough=False)
        y_r, _, _, _ = drifting_team(seed, rough=True)
        smooth = rater < 15
        y = np.where(smooth, y_s, y_r)
        total = float(np.mean(y * y))
        settings, prior = drift_mixture(y, when, rater, total, np.ones(y.size))
        assert np.isclose(prior.sum(), 1) and len(settings) == len(prior)
        loglik = interviewer_loglik(y, when, rater, total, np.ones(y.size), settings)
        weights = posterior_weights(loglik, prior)
        assert weights.shape == (30, len(settings)) and np.allclose(weights.sum(axis=1), 1)
        by_order = weight_by_order(weights, settings)
        rough_weight = by_order[0]
        # A 5-day OU seen 60 times a year is close to noise, so single interviewers
        # can be misread; on average each half leans clearly to its own kind.
        assert rough_weight[:15].mean() < 0.2, (seed, rough_weight[:15])
        assert rough_weight[15:].mean() > 0.55, (seed, rough_weight[15:])
        assert rough_weight[15:].mean() > 4 * rough_weight[:15].mean(), seed


def test_drift_of_mixed_kinds_is_read_better_than_with_one_setting_for_all():
    # The same mixed team through drift_offsets: against the best single setting of
    # the grid (the truth's kind for half the team only), the mixture's error is lower.
    for seed in range(3):
        y_s, when, rater, _ = drifting_team(seed, rough=False)
        y_r, _, _, _ = drifting_team(seed, rough=True)
        smooth = rater < 15
        y = np.where(smooth, y_s, y_r)
        true = np.where(
            smooth, drifting_team(seed, False, truth=True), drifting_team(seed, True, truth=True)
        )
        prev = np.where(np.r_[False, rater[1:] == rater[:-1]], np.arange(y.size) - 1, -1)
        drift, s2, settings = drift_offsets(y, rater, prev, np.arange(y.size), 30, when)
        assert s2 > 0 and len(settings) >= 2
        mixed = np.mean((drift - true) ** 2)
        total = float(np.mean(y * y))
        best_single = min(
            np.mean(
                (
                    drift_offsets(y, rater, prev, np.arange(y.size), 30, when, previous=row[None])[
                        0
                    ]
                    - true
                )
                ** 2
            )
            for row in drift_grid()
            if row[2] >= 0.1
        )
        assert mixed < best_single, (seed, mixed, best_single, total)


def test_unequal_noise_moves_the_drift_less_where_a_residual_is_noisy():
    # A residual whose noise is 20 times the others' is all but ignored: the drift
    # near it follows its neighbours, not its own value.
    y, when, rater, total = drifting_team(0, rough=False)
    prev = np.where(np.r_[False, rater[1:] == rater[:-1]], np.arange(y.size) - 1, -1)
    jolted = y.copy()
    jolted[30] += 5.0
    rel = np.ones(y.size)
    rel[30] = 20.0
    settings = drift_offsets(y, rater, prev, np.arange(y.size), 30, when)[2]
    base = drift_offsets(y, rater, prev, np.arange(y.size), 30, when, previous=settings)[0]
    equal = drift_offsets(jolted, rater, prev, np.arange(y.size), 30, when, previous=settings)[0]
    noisy = drift_offsets(
        jolted, rater, prev, np.arange(y.size), 30, when, noise_rel=rel, previous=settings
    )[0]
    assert abs(noisy[30] - base[30]) < 0.3 * abs(equal[30] - base[30])


def test_a_later_pass_weighs_only_the_settings_the_first_kept():
    y, when, rater, total = drifting_team(0, rough=False)
    settings, _ = drift_mixture(y, when, rater, total, np.ones(y.size))
    # The whole grid is every kernel by its scales by the shares; few settings survive.
    grid = drift_grid()
    assert len(grid) == sum(len(days) for _, days in DRIFT_KERNELS) * len(DRIFT_SHARES)
    assert 1 <= len(settings) < len(grid) / 4
    again = y + np.random.default_rng(10).normal(0, 0.1, y.size)
    again -= (np.bincount(rater, again) / np.bincount(rater))[rater]
    later, prior = drift_mixture(
        again, when, rater, float(np.mean(again**2)), np.ones(y.size), settings
    )
    assert {tuple(r) for r in later} <= {tuple(r) for r in settings}
    assert np.isclose(prior.sum(), 1)


@settings(max_examples=25, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 12), min_size=1, max_size=5),
    seed=hs.integers(0, 2**16),
    order=hs.sampled_from([0, 2, 6]),
)
def test_several_settings_smoothed_at_once_are_each_smoothed_alone(sizes, seed, order):
    rater, when, y = interviewers(sizes, seed)
    rng = np.random.default_rng(seed)
    s2, noise = rng.uniform(0.05, 1.0, 3), rng.uniform(0.05, 1.0, 3)
    ell, level = rng.uniform(5, 200, 3) * DAY, rng.uniform(0.1, 10.0, 3)
    rel = rng.uniform(0.5, 2.0, y.size)
    together = matern_smooth_sets(y, when, rater, s2, noise, ell, level, order, noise_rel=rel)
    for h in range(3):
        alone = matern_smooth(
            y, when, rater, s2[h], noise[h], ell[h], level[h], order, noise_rel=rel
        )
        for both, one in zip(together, alone, strict=True):
            assert np.allclose(both[:, h], one, rtol=1e-9, atol=1e-10)
