"""Slow drift of each interviewer's leniency over time (see docs/engine.md).

An interviewer's severity ``b_i`` is their leniency averaged over all their
interviews. Leniency can drift over months; the model then adds a per-interview
offset ``d_g``: the interviewer's leniency at that interview, read from how their
interviews compare with colleagues' view of the same candidates. The leniency is a
stationary Gaussian process in actual time (interviews days apart share more of it
than interviews months apart): rough (Ornstein-Uhlenbeck) or smooth (Matérn), fast
or slow, large or small. Interviewers differ in that: each one's ``d_g`` is the
posterior mean under a mixture of such processes, the mixture's weights a population
prior estimated from all interviewers and each interviewer's own posterior over it
(Kalman smoother, ``smoother.py``).
"""

from __future__ import annotations

import numpy as np

from .smoother import matern_filter, matern_smooth_sets

DAY = 86400.0
# The grid of drift settings: the drift's time scale (days: a week to over a year)
# and its share of the residuals' variance (the small shares let a file whose drift
# is barely beyond noise have little of it).
DRIFT_TAU_DAYS = np.array([7.0, 14.0, 30.0, 60.0, 120.0, 240.0, 480.0])
DRIFT_SHARES = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6])
# Interviews (whole interviewers, every k-th) on which the whole grid is evaluated:
# the population's weights over it need no more, and the grid's cost stays flat.
GRID_INTERVIEWS = 10_000
# The smooth drifts' length scales (days).
MATERN_ELL_DAYS = np.array([20.0, 30.0, 40.0, 60.0, 90.0, 130.0, 180.0, 270.0])
# The drift's kernels: (Matérn order p, its time scales); the drift is Matérn-(p + 1/2).
# Order 0 is the rough Ornstein-Uhlenbeck drift, 2 the Matérn-5/2, 6 (Matérn-13/2)
# nearly the infinitely smooth squared exponential. Each interviewer's drift may be of
# any of them (see :func:`drift_mixture`).
DRIFT_KERNELS = ((0, DRIFT_TAU_DAYS), (2, MATERN_ELL_DAYS), (6, MATERN_ELL_DAYS))
# Each interviewer's residuals also share a constant of this variance (a share of the
# residuals' variance): their mean is their severity, so the drift is read from how
# the residuals vary over time, not from how far they sit from a mean taken with
# bursts of interviews overweighted ("drift", 150 organisations: +0.009 of the gap).
LEVEL_SHARE = 10.0
# Settings whose population weight is below this are dropped before each
# interviewer's weights are taken (and smoothed with): they carry no interviewer.
MIN_WEIGHT = 1e-3
# At most this many settings are smoothed with (the heaviest): each costs a smoothing
# of the whole file.
MAX_SETTINGS = 6
# The most of an interview's noise the drift is taken to take up (see drift_leverage):
# the reported severity variance divides the noise by 1 - leverage, so a leverage near
# 1 (a drift setting that nearly interpolates its residuals) must not blow it up.
LEVERAGE_MAX = 0.9
# The smoother runs on blocks of whole interviewers of at most about this many
# interviews: its moments take (interviews x settings x states^2) floats.
SMOOTH_INTERVIEWS = 20_000

# How many standard errors the lag-1 covariance of an interviewer's consecutive
# residuals must be beyond 0 before drift is modelled. Was 2.0, which left the weak
# drift of the "wandering drift" control unmodelled in some organisations. At 1.5,
# paired on main's saved stress runs, oracle-scored: the control +0.011 [+0.007, +0.015]
# (120 organisations), +0.007 on each 30-organisation seed set, drift +0.015
# [+0.007, +0.024] (seeds 7000-7029), every other scenario exactly 0. At 1.0 the
# control gains more but end piling (seeds 8000-8029) loses -0.0006 [-0.0012, -0.0001]
# (docs/benchmarks.md section 6, branch "guard").
DRIFT_GUARD_SE = 1.5


def local_mean(
    values: np.ndarray,
    rater_g: np.ndarray,
    time_order: np.ndarray,
    half: int,
    skip: tuple[int, ...] = (0,),
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` over each interview's neighbours by the same interviewer.

    The neighbours are up to ``half`` interviews on each side in the interviewer's
    time order, those at the offsets in ``skip`` left out (0: the interview itself;
    1: the next one; -1: the one before). Returns the means (NaN where there is no
    neighbour) and the numbers of neighbours.
    """
    G = len(values)
    r_sorted = rater_g[time_order]
    start = np.searchsorted(r_sorted, r_sorted, side="left")
    end = np.searchsorted(r_sorted, r_sorted, side="right")
    pos = np.arange(G)
    lo = np.maximum(pos - half, start)
    hi = np.minimum(pos + half + 1, end)
    v_sorted = values[time_order]
    csum = np.r_[0.0, np.cumsum(v_sorted)]
    total = csum[hi] - csum[lo]
    count = (hi - lo).astype(np.float64)
    for off in set(skip):
        inside = (pos + off >= lo) & (pos + off < hi)
        total = total - np.where(inside, v_sorted[np.clip(pos + off, 0, G - 1)], 0.0)
        count = count - inside
    mean, n = np.empty(G), np.empty(G)
    mean[time_order] = np.where(count > 0, total / np.maximum(count, 1.0), np.nan)
    n[time_order] = count
    return mean, n


def drift_grid() -> np.ndarray:
    """Every drift setting :func:`drift_mixture` weighs: rows (order, scale in seconds,
    share), each kernel of ``DRIFT_KERNELS`` by its time scales by ``DRIFT_SHARES``."""
    rows = [
        (order, days * DAY, share)
        for order, scales in DRIFT_KERNELS
        for days in scales
        for share in DRIFT_SHARES
    ]
    return np.array(rows)


def by_kernel(settings: np.ndarray, total: float):
    """The settings (K, 3) kernel by kernel, as the smoother takes them: for each
    Matérn order, its columns of ``settings`` and their drift variances, noise
    variances, time scales and interviewer levels (shares of ``total``)."""
    for order in np.unique(settings[:, 0]):
        cols = np.flatnonzero(settings[:, 0] == order)
        share = settings[cols, 2]
        yield (
            int(order),
            cols,
            (share * total, (1.0 - share) * total, settings[cols, 1]),
            np.full(cols.size, LEVEL_SHARE * total),
        )


def interviewer_rows(r_sorted: np.ndarray) -> np.ndarray:
    """Each sorted interview's interviewer as 0, 1, ...: its row in the per-interviewer
    arrays (:func:`interviewer_loglik`'s), which follow the interviewers' order."""
    return np.cumsum(np.r_[False, r_sorted[1:] != r_sorted[:-1]])


def interviewer_loglik(
    y: np.ndarray,
    t: np.ndarray,
    r_sorted: np.ndarray,
    total: float,
    noise_rel: np.ndarray,
    settings: np.ndarray,
) -> np.ndarray:
    """Log marginal likelihood of each interviewer's residuals under each drift setting.

    ``y``, ``t``, ``r_sorted``, ``noise_rel`` (G,) sorted by interviewer, then time;
    ``settings`` (K, 3) as :func:`drift_grid`'s rows. Returns (I, K), one row per
    interviewer in ``r_sorted``'s order; every setting has the same constant level per
    interviewer, so that they compare.
    """
    out = np.empty((int(interviewer_rows(r_sorted)[-1]) + 1, len(settings)))
    for order, cols, gp, level in by_kernel(settings, total):
        out[:, cols], _ = matern_filter(
            y, t, r_sorted, *gp, level, order=order, noise_rel=noise_rel
        )
    return out


def posterior_weights(loglik: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Each interviewer's (row's) posterior over the settings (columns) under ``prior``."""
    log_w = loglik + np.log(np.maximum(prior, 1e-300))
    log_w -= log_w.max(axis=1, keepdims=True)
    w = np.exp(log_w)
    return w / w.sum(axis=1, keepdims=True)


def population_weights(loglik: np.ndarray, iterations: int = 500) -> np.ndarray:
    """The prior over the settings that maximises the interviewers' marginal likelihood
    (EM for the weights of a finite mixture, from equal weights)."""
    prior = np.full(loglik.shape[1], 1.0 / loglik.shape[1])
    for _ in range(iterations):
        new = posterior_weights(loglik, prior).mean(axis=0)
        done = float(np.max(np.abs(new - prior))) < 1e-7
        prior = new
        if done:
            break
    return prior


def drift_mixture(
    y: np.ndarray,
    t: np.ndarray,
    r_sorted: np.ndarray,
    total: float,
    noise_rel: np.ndarray,
    previous: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The drift settings the interviewers' residuals support, and their weights.

    Interviewers differ in how their leniency drifts (fast or slow, smooth or rough, a
    lot or a little). Each setting of the grid (:func:`drift_grid`) gets a population
    weight, chosen by marginal likelihood over all interviewers (on whole
    interviewers, every k-th, up to ``GRID_INTERVIEWS`` interviews). The settings of
    weight at least ``MIN_WEIGHT``, the ``MAX_SETTINGS`` heaviest, are kept; each
    interviewer's own weights over them are then the posterior given their
    residuals (:func:`posterior_weights`, in :func:`drift_offsets`).

    Parameters
    ----------
    y, t, r_sorted : ndarray (G,)
        Residuals centred per interviewer, their times (seconds) and interviewers,
        sorted by interviewer, then time.
    total : float
        The residuals' variance: each setting's share of it is drift, the rest noise.
    noise_rel : ndarray (G,)
        Each residual's noise variance relative to the average.
    previous : ndarray (K, 3), optional
        The settings an earlier pass of the fit kept: only they are weighed again (the
        passes change the residuals little, and the whole grid costs as much as
        smoothing the whole file).

    Returns
    -------
    settings : ndarray (K, 3)
        The settings kept (order, scale in seconds, share), as :func:`drift_grid`.
    prior : ndarray (K,)
        Their population weights, summing to 1.
    """
    settings = drift_grid() if previous is None else previous
    few = r_sorted % int(np.ceil(len(y) / GRID_INTERVIEWS)) == 0
    if not few.any():  # no interviewer of those numbers has an interview here
        few[:] = True
    prior = population_weights(
        interviewer_loglik(y[few], t[few], r_sorted[few], total, noise_rel[few], settings)
    )
    kept = np.argsort(-prior, kind="stable")[:MAX_SETTINGS]
    kept = np.sort(kept[prior[kept] >= MIN_WEIGHT])
    return settings[kept], prior[kept] / prior[kept].sum()


def interviewer_blocks(row: np.ndarray, size: int) -> list[slice]:
    """Slices of ``row`` (each sorted interview's interviewer, 0, 1, ...) holding whole
    interviewers: those whose first interview falls in the same stretch of ``size``
    interviews (a block is at most ``size`` plus its last interviewer's count)."""
    first = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    cuts = first[np.r_[True, np.diff(first // size) > 0]].tolist()
    return [slice(a, b) for a, b in zip(cuts, cuts[1:] + [len(row)])]


def drift_leverage(per_setting: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The share of each residual's noise the drift takes up.

    A Gaussian smoother's fitted drift moves with its own observation by its leverage
    ``d E[x_g | y] / d y_g = Cov(x_g, y_g | y) / noise_g`` (``smoother.matern_smooth_sets``;
    the interviewer's constant, their severity, is not the drift's and is not in it),
    and the residual it leaves has ``1 - leverage`` of the observation's noise: the
    interview noise read after the drift is taken out is that much smaller than the
    noise a severity, the mean of the residuals, carries. ``per_setting`` (K, G) holds
    each kept setting's leverage, ``weights`` (K, G) the interviewer's weight on it
    (the drift is their weighted average); capped at ``LEVERAGE_MAX``.
    """
    return np.clip(np.sum(weights * per_setting, axis=0), 0.0, LEVERAGE_MAX)


def drift_offsets(
    resid: np.ndarray,
    rater_g: np.ndarray,
    prev_g: np.ndarray,
    time_order: np.ndarray,
    n_i: int,
    time_g: np.ndarray,
    noise_rel: np.ndarray | None = None,
    previous: np.ndarray | None = None,
    leverage: np.ndarray | None = None,
) -> tuple[np.ndarray, float, np.ndarray | None]:
    """Each interview's local leniency beyond the interviewer's severity.

    Parameters
    ----------
    resid : ndarray (G,)
        The interview's mean rating minus what the model expects from the
        interviewer's severity and colleagues' view of the candidate (the
        candidate's mean without this interview), in rating units.
    rater_g, prev_g, time_order : ndarray (G,)
        Interviewer, previous interview (-1 if unknown), interviewer-time order.
    n_i : int
        Number of interviewers.
    time_g : ndarray (G,)
        Each interview's time in seconds.
    noise_rel : ndarray (G,), optional
        Each residual's noise variance, in any unit (a residual whose candidate is
        known from few other interviews is noisier); equal if not given.
    previous : ndarray (K, 3), optional
        The drift settings an earlier pass kept (see :func:`drift_mixture`).
    leverage : ndarray (G,), optional
        Filled with the share of each residual's noise the drift takes up (0 where no
        drift is modelled): see :func:`drift_leverage`.

    Returns
    -------
    drift : ndarray (G,)
        Posterior mean of the interviewer's leniency at the interview, beyond the
        severity, given their interviews' residuals: for each drift setting the
        interviewer's residuals support (:func:`drift_mixture`), the Kalman
        smoother's (``smoother.py``), averaged with the interviewer's weights;
        centred per interviewer.
    s2_drift : float
        The drift's variance, averaged over the interviewers (0 when the covariance
        of consecutive residuals is within ``DRIFT_GUARD_SE`` standard errors of 0:
        no drift is modelled).
    choice : ndarray (K, 3) or None
        The drift settings kept (``previous`` when no drift is modelled), for the
        next pass.
    """
    if leverage is not None:
        leverage[:] = 0.0
    has = prev_g >= 0
    if not has.any():
        return np.zeros(len(resid)), 0.0, previous
    # Residuals of different candidates share nothing but the interviewer's
    # current leniency: their lag-1 covariance shows whether there is drift.
    n_int = np.maximum(np.bincount(rater_g, minlength=n_i), 1)
    r = resid - (np.bincount(rater_g, resid, n_i) / n_int)[rater_g]
    lag = r[has] * r[prev_g[has]]
    s2_lag = max(float(np.mean(lag)), 0.0)
    total = float(np.mean(r * r))
    # Drift is modelled only where the covariance is beyond noise (DRIFT_GUARD_SE
    # standard errors): in a small file a chance covariance would otherwise move scores.
    se = float(np.sqrt(np.mean(lag * lag) / lag.size))
    if s2_lag < DRIFT_GUARD_SE * se or total <= s2_lag:
        return np.zeros(len(resid)), 0.0, previous
    y, t, rs = r[time_order], time_g[time_order], rater_g[time_order]
    rel = np.ones(len(r)) if noise_rel is None else noise_rel[time_order] / np.mean(noise_rel)
    settings, prior = drift_mixture(y, t, rs, total, rel, previous)
    row = interviewer_rows(rs)
    n_rows = int(row[-1]) + 1
    # Each kernel's settings in one pass of the smoother. The interview's own residual
    # is in (bench.stress "drift", seeds 8000-8199, oracle-scored: +0.003 to +0.004
    # against leaving it out; docs/benchmarks.md, branch "driftmix").
    means, loglik = np.empty((len(settings), len(r))), np.empty((n_rows, len(settings)))
    # Each setting's leverage, if asked for.
    per_setting = None if leverage is None else np.empty((len(settings), len(r)))
    for block in interviewer_blocks(row, SMOOTH_INTERVIEWS):
        rows = slice(row[block.start], row[block.stop - 1] + 1)
        for order, cols, gp, level in by_kernel(settings, total):
            ms, lev, ll = matern_smooth_sets(
                y[block], t[block], rs[block], *gp, level, order, noise_rel=rel[block]
            )
            means[cols, block], loglik[rows, cols] = ms.T, ll
            if per_setting is not None:
                per_setting[cols, block] = lev.T
    # Each interviewer's weights over the settings, spread over their interviews.
    weights = posterior_weights(loglik, prior)
    interview_weights = weights[row].T  # (K, G): each interview's interviewer's weights
    smoothed = np.sum(interview_weights * means, axis=0)
    drift = np.empty(len(r))
    drift[time_order] = smoothed
    # The interviewer's mean leniency is their severity: keep the drift centred.
    drift = drift - (np.bincount(rater_g, drift, n_i) / n_int)[rater_g]
    if per_setting is not None:
        leverage[time_order] = drift_leverage(per_setting, interview_weights)
    s2_drift = float(np.mean(weights @ settings[:, 2])) * total
    return drift, s2_drift, settings
