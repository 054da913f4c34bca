"""Kalman filters and smoothers of a stationary drift of leniency per interviewer.

Matérn-(p + 1/2) drifts (``matern_*``, p + 1 states; p = 2 is the engine's smooth
drift, p = 0 the Ornstein-Uhlenbeck one, with a constant level per interviewer
integrated out; the scalar OU recursions that the tests compare them with are in
``tests/engine/ou_reference.py``). The OU, to fix ideas:

Each interviewer's drift ``x(t)`` is a stationary Ornstein-Uhlenbeck process with
variance ``s2`` and time scale ``tau``: two interviews ``dt`` apart have
correlation ``exp(-dt / tau)``. Each interview observes ``y_g = x(t_g) + e_g``
with noise variance ``v``. The posterior mean of ``x`` at every interview given
all of that interviewer's observations is the Kalman smoother's (the modified
Bryson-Frazier form); the marginal likelihood of the observations (from the
filter's innovations) weighs ``s2`` and ``tau`` (``drift.py``).

The recursions run over the position of an interview within its interviewer's
time order, with numpy over interviewers (and over a grid of parameters): the
loop is as long as the busiest interviewer's list of interviews, not the file.
"""

from __future__ import annotations

from functools import cache
from math import comb, factorial

import numpy as np


# Matérn-(p + 1/2) drift as a linear SDE with p + 1 states (Hartikainen & Särkkä
# 2010): the state (x, l x', l^2 x'', ...) in units of the length scale l, so that
# one drift matrix serves every length scale. Its characteristic polynomial is
# (s + lam)^(p + 1), lam = sqrt(2p + 1): with N = F + lam I nilpotent,
# exp(F u) = exp(-lam u) sum_k (u N)^k / k!.
@cache
def matern_sde(p: int) -> tuple[float, tuple[np.ndarray, ...], np.ndarray]:
    """``lam``, the terms ``N^k / k!`` of the transition and the stationary state
    covariance per unit variance of the Matérn-(p + 1/2) drift (p = 0: the OU)."""
    # Imported here: scipy.linalg costs 0.1 s to import, and only the drift path needs it.
    from scipy.linalg import solve_continuous_lyapunov

    n, lam = p + 1, np.sqrt(2.0 * p + 1.0)
    F = np.eye(n, k=1)
    F[-1] = [-comb(n, k) * lam ** (n - k) for k in range(n)]
    P = solve_continuous_lyapunov(F, -np.outer(np.eye(n)[-1], np.eye(n)[-1]))
    N = F + lam * np.eye(n)
    return lam, tuple(np.linalg.matrix_power(N, k) / factorial(k) for k in range(n)), P / P[0, 0]


def matern_transition(u: np.ndarray, p: int = 2) -> np.ndarray:
    """State transition ``exp(F u)`` over ``u`` length scales, shape ``u.shape + (p + 1,) * 2``."""
    lam, terms, _ = matern_sde(p)
    # The polynomial's powers of u against the stacked terms in one product (einsum,
    # not matmul: a BLAS call would wake threads that then spin).
    powers = np.cumprod(np.broadcast_to(u[..., None], u.shape + (len(terms),)), axis=-1)
    powers = np.concatenate([np.ones(u.shape + (1,)), powers[..., :-1]], axis=-1)
    poly = np.einsum("...k,kj->...j", powers, np.stack(terms).reshape(len(terms), -1))
    return np.exp(-lam * u)[..., None, None] * poly.reshape(u.shape + terms[0].shape)


def _sandwich(A: np.ndarray, P: np.ndarray) -> np.ndarray:
    """``A P A'`` over stacked small matrices (tiny products: no BLAS threads wake)."""
    return A @ P @ np.swapaxes(A, -1, -2)


def by_busiest(r_sorted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each interviewer's first interview, busiest interviewer first, and their counts.

    With interviewers ranked so, those with more than ``k`` interviews are a prefix
    of the ranking: step ``k`` of the recursions works on slices of the state, not on
    gathered copies. Returns ``first`` and ``count`` (I,), counts descending.
    """
    first = np.flatnonzero(np.r_[True, r_sorted[1:] != r_sorted[:-1]])
    count = np.diff(np.r_[first, len(r_sorted)])
    rank = np.argsort(-count, kind="stable")
    return first[rank], count[rank]


def matern_filter(
    y: np.ndarray,
    t: np.ndarray,
    r_sorted: np.ndarray,
    s2: np.ndarray,
    noise: np.ndarray,
    ell: np.ndarray,
    level: np.ndarray | None = None,
    keep: bool = False,
    order: int = 2,
    noise_rel: np.ndarray | None = None,
) -> tuple[np.ndarray, dict | None]:
    """Forward Kalman filter of a Matérn drift for ``H`` parameter sets at once.

    ``y``, ``t``, ``r_sorted`` (G,) are the observations, their times (seconds) and
    interviewers, sorted by interviewer, then time; ``s2``, ``noise``, ``ell`` (H,)
    each parameter set's drift variance, observation noise variance and length scale
    (seconds): two interviews ``dt`` apart have the Matérn-(order + 1/2) covariance
    (for order 2 ``s2 (1 + sqrt5 u + 5 u^2 / 3) exp(-sqrt5 u)``, ``u = |dt| / ell``;
    order 0 is the OU, correlation ``exp(-dt / ell)``). With ``level`` (H,), each
    interviewer's observations also share a constant of that prior variance. With
    ``noise_rel`` (G,), observation ``g``'s noise variance is ``noise * noise_rel[g]``.
    Returns the log marginal likelihood of each interviewer's observations under each
    set (up to a constant), shape (I, H), one row per interviewer in the order of
    ``r_sorted``, and, with ``keep``, the moments :func:`matern_smooth_sets` needs.

    The constant is not a state: the filter runs on the observations and on a
    column of ones with the same gains (de Jong's augmented filter), and the
    constant is integrated out per interviewer from the innovations' sums
    ``q = sum e_y^2 / S``, ``s = sum e_y e_1 / S``, ``w = sum e_1^2 / S``:
    ``log p(y) = -(sum log S + q - L s^2 / (1 + L w) + log(1 + L w)) / 2``.
    With ``keep``: ``mp`` (G, H, n, 2), the predicted means of the state for both
    columns; ``pp, A`` (G, H, n, n), their covariance and each interview's
    transition from the one before; ``qsw`` (I, H, 3), the
    sums per interviewer (ranked by :func:`by_busiest`); ``order``, the
    interviews in the moments' order (position within the interviewer first,
    then rank: each step of the recursions is a contiguous slice), and
    ``starts``, where each position's slice starts.
    """
    n = order + 1
    G, H = len(y), len(s2)
    first, count = by_busiest(r_sorted)
    p_inf = s2[:, None, None] * matern_sde(order)[2]  # (H, n, n)
    mom = None
    if keep:
        mom = {"mp": np.zeros((G, H, n, 2))}
        mom.update({k: np.zeros((G, H, n, n)) for k in ("pp", "A")})
    # The state of every interviewer after their latest interview so far, ranked.
    m_i = np.zeros((len(first), H, n, 2))
    p_i = np.zeros((len(first), H, n, n))
    qsw = np.zeros((len(first), H, 3))
    obs = np.stack([y, np.ones(G)], axis=-1)[:, None, :]  # (G, 1, 2)
    sum_log_s = np.zeros((len(first), H))
    n_active = np.searchsorted(-count, -np.arange(int(count.max(initial=0))), side="left")
    starts = np.r_[0, np.cumsum(n_active)]
    for k, a in enumerate(n_active):  # the a busiest interviewers have > k interviews
        idx = first[:a] + k
        here = slice(starts[k], starts[k + 1])
        m, p = m_i[:a], p_i[:a]
        if k == 0:  # the stationary prior: no drift known yet
            A = np.broadcast_to(np.eye(n), (a, H, n, n))
            p[:] = p_inf
        else:
            A = matern_transition((t[idx] - t[idx - 1])[:, None] / ell, order)
            m[:] = A @ m
            # Q = P_inf - A P_inf A' for a stationary process, so P_pred is this:
            p[:] = _sandwich(A, p - p_inf) + p_inf
        if keep:
            mom["mp"][here], mom["pp"][here], mom["A"][here] = m, p, A
        S = p[..., 0, 0] + (noise if noise_rel is None else noise * noise_rel[idx, None])
        innov = obs[idx] - m[..., 0, :]
        gain = p[..., :, 0] / S[..., None]
        m += gain[..., :, None] * innov[..., None, :]
        p -= gain[..., :, None] * p[..., None, 0, :]
        sum_log_s[:a] += np.log(S)
        scaled = innov[..., 0] / S
        qsw[:a, :, 0] += scaled * innov[..., 0]
        qsw[:a, :, 1] += scaled * innov[..., 1]
        qsw[:a, :, 2] += innov[..., 1] * innov[..., 1] / S
    q, s, w = qsw[..., 0], qsw[..., 1], qsw[..., 2]
    L = np.zeros(H) if level is None else level
    ranked = -0.5 * (sum_log_s + q - L * s * s / (1.0 + L * w) + np.log1p(L * w))
    # Rows back from busiest-first to the interviewers' order in r_sorted.
    loglik = ranked[np.argsort(first)]
    if keep:
        mom["qsw"], mom["starts"] = qsw, starts
        mom["order"] = np.concatenate([first[:a] + k for k, a in enumerate(n_active)])
    return loglik, mom


def matern_smooth_sets(
    y: np.ndarray,
    t: np.ndarray,
    r_sorted: np.ndarray,
    s2: np.ndarray,
    noise: np.ndarray,
    ell: np.ndarray,
    level: np.ndarray | None = None,
    order: int = 2,
    noise_rel: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each interview's Matérn drift given its interviewer's observations, for ``H``
    parameter sets at once: one pass of the recursions serves them all, which costs
    little more than one set.

    Parameters as :func:`matern_filter`'s (``s2``, ``noise``, ``ell``, ``level`` (H,)),
    with the noise's relative size per observation ``noise_rel`` (G,), if given.
    Returns, in the sorted order (G, H), the drift's posterior mean given all the
    interviewer's observations and its leverage (the posterior mean's derivative in
    the interview's own observation); and per interviewer (I, H), the log marginal
    likelihood of their observations, as :func:`matern_filter`.
    """
    loglik, mom = matern_filter(
        y, t, r_sorted, s2, noise, ell, level=level, keep=True, order=order, noise_rel=noise_rel
    )
    mp, pp, A, starts = mom["mp"], mom["pp"], mom["A"], mom["starts"]
    y = y[mom["order"]][:, None]
    rel = np.ones(len(y)) if noise_rel is None else noise_rel[mom["order"]]
    own_noise = noise * rel[:, None]  # (G, H)
    # The smoothed moments by the modified Bryson-Frazier recursions (Bierman 1977):
    # with a scalar observation they need no matrix inverse, unlike Rauch-Tung-Striebel.
    # Backwards over positions, per interviewer: lam = e1 v / S + (I - K e1')' lam^,
    # Lam = e1 e1' / S + (I - K e1')' Lam^ (I - K e1'), where lam^ = A' lam and
    # Lam^ = A' Lam A of the interviewer's next interview (0 after the last); then the
    # smoothed mean is m_p + P_p lam and the variance P_p - P_p Lam P_p. Only the
    # drift's entry (state 0) of each is needed.
    ms0, ps00 = np.empty(mp.shape[:2] + (2,)), np.empty(mp.shape[:2])
    lam_next = Lam_next = None
    for k in range(len(starts) - 2, -1, -1):
        cur = slice(starts[k], starts[k + 1])
        m_p, p_p = mp[cur], pp[cur]
        lam = np.zeros(m_p.shape)  # (a, H, n, 2)
        Lam = np.zeros(p_p.shape)  # (a, H, n, n)
        if lam_next is not None:
            # Those with a next interview are the first as many as step k + 1 has.
            b = len(lam_next)
            At = np.swapaxes(A[starts[k + 1] : starts[k + 2]], -1, -2)
            lam[:b] = At @ lam_next
            Lam[:b] = _sandwich(At, Lam_next)
        S = p_p[..., 0, 0] + own_noise[cur]  # (a, H)
        gain = p_p[..., :, 0] / S[..., None]  # (a, H, n)
        v = np.stack([y[cur, 0], np.ones(len(m_p))], axis=-1)[:, None, :] - m_p[..., 0, :]
        # (I - K e1')' x = x - e1 (K' x); the sandwich likewise, Lam symmetric.
        lam[..., 0, :] += v / S[..., None] - np.einsum("...n,...nc->...c", gain, lam)
        LK = np.einsum("...ij,...j->...i", Lam, gain)
        kLk = np.einsum("...i,...i->...", gain, LK)
        Lam[..., 0, :] -= LK
        Lam[..., :, 0] -= LK
        Lam[..., 0, 0] += kLk + 1.0 / S
        p0 = p_p[..., :, 0]
        ms0[cur] = m_p[..., 0, :] + np.einsum("...n,...nc->...c", p0, lam)
        ps00[cur] = p_p[..., 0, 0] - np.einsum("...i,...ij,...j->...", p0, Lam, p0)
        lam_next, Lam_next = lam, Lam
    # Given the constant c, the drift's posterior is the smoother's on y - c:
    # mean m_y - c m_1, variance ps. The constant's posterior per interviewer is
    # N(L s / (1 + L w), L / (1 + L w)); integrating it out adds m_1^2 var_c.
    rank = np.concatenate([np.arange(b - a) for a, b in zip(starts[:-1], starts[1:])])
    q_s_w = mom["qsw"][rank]  # (G, H, 3)
    L = np.zeros(len(s2)) if level is None else level
    var_c = L / (1.0 + L * q_s_w[..., 2])
    c_hat = var_c * q_s_w[..., 1]
    m1 = ms0[..., 1]
    mean = ms0[..., 0] - c_hat * m1
    var = ps00 + m1 * m1 * var_c
    # The drift's weight on its own observation (d mean / d y, its leverage):
    # Cov(x, y | all) / noise, and Cov(x, y | all) = Cov(x, x + c | all).
    cov_xh = var - m1 * var_c
    leverage = cov_xh / own_noise
    out = np.empty((2,) + mean.shape)
    out[:, mom["order"]] = mean, leverage
    return out[0], out[1], loglik
