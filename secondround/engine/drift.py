"""Slow drift of each interviewer's leniency over time (see docs/engine.md).

An interviewer's severity ``b_i`` is their leniency averaged over all their
interviews. Leniency can drift over months; the model then adds a per-interview
offset ``d_g``: the interviewer's local leniency around that interview, read from
how their neighbouring interviews (in time) compare with colleagues' view of the
same candidates, shrunk by how much of that comparison is drift rather than noise.
"""

from __future__ import annotations

import numpy as np

# Neighbours on each side of an interview whose comparisons with colleagues give
# its interviewer's local leniency (bench.stress "drift", 12 orgs, gap closed with
# 3 / 4 / 6 / 8 / 12: 0.80 / 0.84 / 0.87 / 0.81 / 0.76; fewer are noisy, more
# average over a stretch where the leniency has moved).
DRIFT_HALF_WINDOW = 6


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


def drift_offsets(
    resid: np.ndarray,
    rater_g: np.ndarray,
    prev_g: np.ndarray,
    time_order: np.ndarray,
    n_i: int,
) -> tuple[np.ndarray, float]:
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

    Returns
    -------
    drift : ndarray (G,)
        Shrunk local mean of the neighbours' residuals, centred per interviewer.
    s2_drift : float
        Drift variance, from the covariance of consecutive residuals of one
        interviewer (0 when that covariance is within 2 standard errors of 0: no
        drift is modelled).
    """
    has = prev_g >= 0
    if not has.any():
        return np.zeros(len(resid)), 0.0
    # Residuals of different candidates share nothing but the interviewer's
    # current leniency: their lag-1 covariance measures the drift's variance.
    n_int = np.maximum(np.bincount(rater_g, minlength=n_i), 1)
    r = resid - (np.bincount(rater_g, resid, n_i) / n_int)[rater_g]
    lag = r[has] * r[prev_g[has]]
    s2_drift = max(float(np.mean(lag)), 0.0)
    total = float(np.mean(r * r))
    # Drift is modelled only where the covariance is beyond noise (2 standard
    # errors): in a small file a chance covariance would otherwise move scores.
    se = float(np.sqrt(np.mean(lag * lag) / lag.size))
    if s2_drift < 2.0 * se or total <= s2_drift:
        return np.zeros(len(resid)), 0.0
    local, count = local_mean(r, rater_g, time_order, DRIFT_HALF_WINDOW)
    noise = total - s2_drift
    shrink = s2_drift / (s2_drift + noise / np.maximum(count, 1))
    drift = np.where(np.isnan(local), 0.0, shrink * local)
    # The interviewer's mean leniency is their severity: keep the drift centred.
    drift = drift - (np.bincount(rater_g, drift, n_i) / n_int)[rater_g]
    return drift, s2_drift
