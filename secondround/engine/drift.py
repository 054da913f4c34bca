"""Slow drift of each interviewer's leniency over time (see docs/engine.md).

An interviewer's severity ``b_i`` is their leniency averaged over all their
interviews. Leniency can drift over months; the model then adds a per-interview
offset ``d_g``: the interviewer's leniency at that interview, read from how their
other interviews compare with colleagues' view of the same candidates. The
leniency is a stationary Gaussian process in actual time (interviews days apart
share more of it than interviews months apart): a smooth Matérn-5/2 or a rough
Ornstein-Uhlenbeck one, whichever, with its variance and time scale, has the
greater marginal likelihood. Each ``d_g`` is its posterior mean given the
interviewer's other interviews (Kalman smoother, ``smoother.py``).
"""

from __future__ import annotations

import numpy as np

from .smoother import matern_filter, matern_smooth

DAY = 86400.0
# The grid over which the drift's time scale (days: a week to over a year) and its
# share of the residuals' variance are chosen by marginal likelihood (the drift
# scenario of bench.stress picks 30-60 days and 0.2-0.45; the small shares let a
# file whose drift is barely beyond noise have little of it).
DRIFT_TAU_DAYS = np.array([7.0, 14.0, 30.0, 60.0, 120.0, 240.0, 480.0])
DRIFT_SHARES = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6])
# Interviews (whole interviewers, every k-th) on which the grid is evaluated: two
# numbers for the whole file need no more, and the grid's cost stays flat.
GRID_INTERVIEWS = 30_000
# The smooth alternative: a Matérn-5/2 drift (twice differentiable), its length scale
# (days) on this grid and its share on the one above. Marginal likelihood chooses it
# (bench.stress "drift": always, length scale 20-60 days) or the OU (rough, fast drift).
MATERN_ELL_DAYS = np.array([20.0, 40.0, 60.0, 90.0, 130.0, 180.0, 270.0])
# The drift's kernels: (Matérn order, its time scales); order 0 is the OU.
DRIFT_KERNELS = ((0, DRIFT_TAU_DAYS), (2, MATERN_ELL_DAYS))
# Each interviewer's residuals also share a constant of this variance (a share of the
# residuals' variance): their mean is their severity, so the drift is read from how
# the residuals vary over time, not from how far they sit from a mean taken with
# bursts of interviews overweighted ("drift", 150 organisations: +0.009 of the gap).
LEVEL_SHARE = 10.0


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


def choose_drift_model(
    y: np.ndarray,
    t: np.ndarray,
    r_sorted: np.ndarray,
    total: float,
    previous: tuple[int, float, float] | None = None,
) -> tuple[int, float, float]:
    """The drift's kernel and settings of greatest marginal likelihood.

    Parameters
    ----------
    y, t, r_sorted : ndarray (G,)
        Residuals centred per interviewer, their times (seconds) and interviewers,
        sorted by interviewer, then time.
    total : float
        The residuals' variance: the drift's share of it is chosen, the rest is noise.
    previous : tuple (order, scale, share), optional
        The choice of an earlier pass of the fit. Only its kernel is evaluated, on
        its time scale and share and their neighbours on the grids (3 by 3 settings
        instead of 2 kernels by 49).

    Returns
    -------
    order : int
        Matérn order of the drift's kernel (0: Ornstein-Uhlenbeck, 2: Matérn-5/2).
    scale : float
        Its time scale (seconds).
    share : float
        Its share of ``total``.

    Each kernel is evaluated on its grid (``DRIFT_KERNELS`` by ``DRIFT_SHARES``), on
    whole interviewers (every k-th, up to ``GRID_INTERVIEWS`` interviews), with the
    same constant level per interviewer, so that the likelihoods compare.
    """
    fit = r_sorted % int(np.ceil(len(y) / GRID_INTERVIEWS)) == 0
    best = (-np.inf, 0, 0.0, 0.0)
    for order, days, shares in drift_grids(previous):
        scale, share = (g.ravel() for g in np.meshgrid(days * DAY, shares))
        level = np.full(share.size, LEVEL_SHARE * total)
        ll, _ = matern_filter(
            y[fit],
            t[fit],
            r_sorted[fit],
            share * total,
            (1.0 - share) * total,
            scale,
            level,
            order=order,
        )
        k = int(np.argmax(ll))
        if ll[k] > best[0]:
            best = (float(ll[k]), order, float(scale[k]), float(share[k]))
    return best[1:]


def drift_grids(
    previous: tuple[int, float, float] | None,
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """The kernels, time scales (days) and shares :func:`choose_drift_model` tries.

    Every kernel on its whole grid; after an earlier choice ``previous``, its kernel
    alone, on the neighbourhood of its scale and share. The passes of a fit change
    the residuals little (on 210 organisations of the drift stress scenario the full
    grid chose within that neighbourhood in 407 of 410 later passes, the other 3
    switching to the OU, with no change in the decisions), and the full grid on the
    Matérn costs as much as smoothing the whole file with it.
    """
    if previous is None:
        return [(order, days, DRIFT_SHARES) for order, days in DRIFT_KERNELS]
    order, scale, share = previous
    days = dict(DRIFT_KERNELS)[order]

    def near(grid: np.ndarray, value: float) -> np.ndarray:
        k = int(np.argmin(np.abs(grid - value)))
        return grid[max(k - 1, 0) : k + 2]

    return [(order, near(days, scale / DAY), near(DRIFT_SHARES, share))]


def drift_offsets(
    resid: np.ndarray,
    rater_g: np.ndarray,
    prev_g: np.ndarray,
    time_order: np.ndarray,
    n_i: int,
    time_g: np.ndarray,
    previous: tuple[int, float, float] | None = None,
) -> tuple[np.ndarray, float, tuple[int, float, float] | None]:
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
    previous : tuple (order, scale, share), optional
        The drift model an earlier pass chose (see :func:`choose_drift_model`).

    Returns
    -------
    drift : ndarray (G,)
        Posterior mean of the interviewer's leniency at the interview, beyond the
        severity, given their other interviews' residuals (a Matérn-5/2 or
        Ornstein-Uhlenbeck drift, :func:`choose_drift_model`, smoothed by
        Kalman, ``smoother.py``), centred per interviewer.
    s2_drift : float
        Drift variance (0 when the covariance of consecutive residuals is within
        2 standard errors of 0: no drift is modelled).
    choice : tuple (order, scale, share) or None
        The drift model chosen (``previous`` when no drift is modelled), for the
        next pass.
    """
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
    # Drift is modelled only where the covariance is beyond noise (2 standard
    # errors): in a small file a chance covariance would otherwise move scores.
    se = float(np.sqrt(np.mean(lag * lag) / lag.size))
    if s2_lag < 2.0 * se or total <= s2_lag:
        return np.zeros(len(resid)), 0.0, previous
    y, t, rs = r[time_order], time_g[time_order], rater_g[time_order]
    order, scale, share = choose_drift_model(y, t, rs, total, previous)
    s2_drift, noise = share * total, (1.0 - share) * total
    # The interview's own residual is left out: its own noise is evidence about
    # the candidate, not about the interviewer's leniency (bench.stress "drift",
    # 60 organisations: the same gap closed with it in; with the Matérn drift,
    # 50 organisations, 0.007 more closed without it).
    _, _, ms = matern_smooth(y, t, rs, s2_drift, noise, scale, LEVEL_SHARE * total, order)
    drift = np.empty(len(r))
    drift[time_order] = ms
    # The interviewer's mean leniency is their severity: keep the drift centred.
    drift = drift - (np.bincount(rater_g, drift, n_i) / n_int)[rater_g]
    return drift, s2_drift, (order, scale, share)
