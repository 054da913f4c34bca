"""The scalar Ornstein-Uhlenbeck Kalman filter and smoother, the reference that
``secondround.engine.smoother``'s Matérn recursions (order 0 is the OU) are tested
against. The engine itself no longer runs them."""

from __future__ import annotations

import numpy as np


def positions(r_sorted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Interviews grouped by their position within their interviewer.

    Parameters
    ----------
    r_sorted : ndarray (G,)
        Interviewer of each interview, sorted by interviewer, then time.

    Returns
    -------
    by : ndarray (G,)
        Indices into ``r_sorted`` ordered by position (first interviews first).
    bounds : ndarray (K + 1,)
        ``by[bounds[k]:bounds[k + 1]]`` are the interviews at position ``k``.
    """
    G = len(r_sorted)
    start = np.searchsorted(r_sorted, r_sorted, side="left")
    pos = np.arange(G) - start
    by = np.argsort(pos, kind="stable")
    bounds = np.searchsorted(pos[by], np.arange(int(pos.max(initial=0)) + 2))
    return by, bounds


def ou_filter(
    y: np.ndarray,
    t: np.ndarray,
    r_sorted: np.ndarray,
    s2: np.ndarray,
    noise: np.ndarray,
    tau: np.ndarray,
    keep: bool = False,
) -> tuple[np.ndarray, dict | None]:
    """Forward Kalman filter for ``H`` parameter sets at once.

    Parameters
    ----------
    y, t, r_sorted : ndarray (G,)
        Observations, their times (seconds) and interviewers, sorted by
        interviewer, then time.
    s2, noise, tau : ndarray (H,)
        Drift variance, observation noise variance and time scale (seconds) of
        each parameter set.
    keep : bool
        Keep the filtered and predicted moments (for :func:`ou_smooth`).

    Returns
    -------
    loglik : ndarray (H,)
        Log marginal likelihood of ``y`` (up to a constant) under each set.
    moments : dict or None
        With ``keep``: ``mp, pp, mf, pf, phi`` (H, G), the predicted and filtered
        means and variances and each interview's correlation with the one before.
    """
    G, H = len(y), len(s2)
    s2, noise, tau = s2[:, None], noise[:, None], tau[:, None]
    by, bounds = positions(r_sorted)
    mom = {k: np.zeros((H, G)) for k in ("mp", "pp", "mf", "pf", "phi")} if keep else None
    # Each interviewer's filtered state after their latest interview so far.
    n_i = int(r_sorted.max(initial=0)) + 1
    m_i, p_i = np.zeros((H, n_i)), np.zeros((H, n_i))
    loglik = np.zeros(H)
    for k in range(len(bounds) - 1):
        idx = by[bounds[k] : bounds[k + 1]]
        who = r_sorted[idx]
        if k == 0:  # the stationary prior: no drift known yet
            phi = np.zeros((1, idx.size))
            m_pred, p_pred = np.zeros((H, idx.size)), np.repeat(s2, idx.size, axis=1)
        else:
            phi = np.exp(-(t[idx] - t[idx - 1])[None, :] / tau)
            m_pred = phi * m_i[:, who]
            p_pred = phi * phi * p_i[:, who] + s2 * (1.0 - phi * phi)
        S = p_pred + noise
        innov = y[idx] - m_pred
        gain = p_pred / S
        m_i[:, who] = m_pred + gain * innov
        p_i[:, who] = (1.0 - gain) * p_pred
        loglik -= 0.5 * np.sum(np.log(S) + innov * innov / S, axis=1)
        if keep:
            mom["mp"][:, idx], mom["pp"][:, idx], mom["phi"][:, idx] = m_pred, p_pred, phi
            mom["mf"][:, idx], mom["pf"][:, idx] = m_i[:, who], p_i[:, who]
    return loglik, mom


def ou_smooth(
    y: np.ndarray, t: np.ndarray, r_sorted: np.ndarray, s2: float, noise: float, tau: float
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior of each interview's drift given all its interviewer's observations.

    Parameters as :func:`ou_filter`, with one parameter set (scalars). Returns the
    smoothed means and variances (G,), in the sorted order.
    """
    _, mom = ou_filter(y, t, r_sorted, np.array([s2]), np.array([noise]), np.array([tau]), True)
    mp, pp, mf, pf, phi = (mom[k][0] for k in ("mp", "pp", "mf", "pf", "phi"))
    ms, ps = mf.copy(), pf.copy()
    by, bounds = positions(r_sorted)
    # The last interview of each interviewer keeps its filtered mean; every
    # earlier one is corrected by what the next one's smoothed mean revealed.
    last = np.r_[r_sorted[1:] != r_sorted[:-1], True]
    for k in range(len(bounds) - 2, -1, -1):
        idx = by[bounds[k] : bounds[k + 1]]
        idx = idx[~last[idx]]
        J = pf[idx] * phi[idx + 1] / pp[idx + 1]
        ms[idx] = mf[idx] + J * (ms[idx + 1] - mp[idx + 1])
        ps[idx] = pf[idx] + J * J * (ps[idx + 1] - pp[idx + 1])
    return ms, ps
