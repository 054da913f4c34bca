"""The candidates' interviews with ratings on a scale's end, read as bounds.

At face value a rating on an end is the end itself, although it only says that the
interviewer's view was at or beyond the half-point before it (a 5 on a 1-5 scale: 4.5 or
more). For each interview with such a rating, the posterior mean of its impression is
computed with its end ratings read as censored, by Gauss-Hermite quadrature over the
Gaussian posterior that the impression's prior and the interview's interior ratings
give, and compared with the face-value posterior mean. The difference becomes the shift
of the interview's mean rating that moves the face-value reading by as much, so the
interview-level E-step (which works on interview means) reads it.

The censored ratings' noise is the latent rating's: the face-value noise less the
rounding's ``w^2 / 12`` (Sheppard's correction), since the interval itself is the
rounding. With the face-value noise the threshold looked further off than it is and a
top rating read, on average, *below* the end (`docs/engine.md`, "Ends read as bounds").
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_ndtr

# Probabilists' Gauss-Hermite rule: E[f(Z)] for Z ~ N(0, 1) is sum(w f(x)) / sqrt(2 pi).
N_NODES = 24
NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(N_NODES)
LOG_WEIGHTS = np.log(WEIGHTS)
# The latent noise keeps at least this share of the face-value noise (an interviewer
# whose ratings barely vary within interviews would otherwise read the ends as sharp).
LATENT_NOISE_MIN = 0.25


def latent_noise(s2: np.ndarray, half: float) -> np.ndarray:
    """The latent rating's noise variance: face value's less the rounding's (2 half)^2 / 12."""
    return np.maximum(s2 - half**2 / 3.0, LATENT_NOISE_MIN * s2)


def _weighted_moments(x: np.ndarray, log_w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sd over each row of nodes ``x`` (H, K) with unnormalised log weights."""
    w = np.exp(log_w - log_w.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    mean = (w * x).sum(axis=1)
    var = (w * (x - mean[:, None]) ** 2).sum(axis=1)
    return mean, np.sqrt(np.maximum(var, 1e-16))


def end_shift(
    u: np.ndarray,
    rater: np.ndarray,
    g: np.ndarray,
    base: np.ndarray,
    dev: np.ndarray,
    m: np.ndarray,
    q: np.ndarray,
    a: np.ndarray,
    s2_i: np.ndarray,
    half: float,
    skip: np.ndarray,
    n_g: np.ndarray,
) -> np.ndarray:
    """Shift of each interview's mean rating that reads its end ratings as bounds.

    The model of a rating given its interview's impression ``x`` is
    ``u ~ N(base + a x + a dev, s2)``; ``x ~ N(m, q)`` a priori.

    Parameters
    ----------
    u : (n,) float array
        Ratings in [0, 1] (0 and 1 are the ends of the rating's scale).
    rater, g : (n,) int arrays
        Interviewer and interview of each rating.
    base : (n,) float array
        The rating's prediction outside the stretch, the severity included.
    dev : (n,) float array
        The rating's competency deviation from the candidate's standing.
    m, q : (G,) float arrays
        Prior mean and variance of each interview's impression.
    a, s2_i : (I,) float arrays
        Scale uses and face-value rating noise variances.
    half : float
        Half a rating point on the [0, 1] scale: an end rating says the latent
        rating is beyond ``1 - half`` (top) or below ``half`` (bottom).
    skip : (I,) bool array
        Interviewers whose ratings stay at face value (those who give one value).
    n_g : (G,) float array
        Ratings per interview.

    Returns
    -------
    (G,) float array
        0 for interviews without a rating on an end.
    """
    G = len(m)
    top = u >= 1 - 1e-9
    end = (top | (u <= 1e-9)) & ~skip[rater]
    shift = np.zeros(G)
    if not end.any():
        return shift
    has = np.bincount(g, end, G) > 0
    keep = has[g]
    u, rater, g, base, dev = u[keep], rater[keep], g[keep], base[keep], dev[keep]
    end, top = end[keep], top[keep]
    idx = np.flatnonzero(has)
    pos = np.full(G, -1)
    pos[idx] = np.arange(len(idx))
    h = pos[g]  # each kept rating's interview among those with an end rating
    H = len(idx)
    ai, s2 = a[rater], s2_i[rater]
    # Each rating reads the impression as (u - base) / a - dev, with variance s2 / a^2.
    read = (u - base) / ai - dev
    prec = ai**2 / s2
    m_h, q_h = m[idx], q[idx]
    p_all = 1.0 / q_h + np.bincount(h, prec, H)
    face = (m_h / q_h + np.bincount(h, prec * read, H)) / p_all
    inner = ~end
    p_in = 1.0 / q_h + np.bincount(h, prec * inner, H)
    m_in = (m_h / q_h + np.bincount(h, prec * read * inner, H)) / p_in
    e = np.flatnonzero(end)
    he = h[e]
    sign = np.where(top[e], 1.0, -1.0)[:, None]
    beyond = sign * (base[e] + ai[e] * dev[e] - np.where(top[e], 1.0 - half, half))[:, None]
    slope = sign * ai[e, None] / np.sqrt(latent_noise(s2[e], half))[:, None]
    offset = beyond / np.sqrt(latent_noise(s2[e], half))[:, None]
    flat = (he[:, None] * N_NODES + np.arange(N_NODES)[None, :]).ravel()

    def log_lik(x: np.ndarray) -> np.ndarray:
        """log P(every end rating beyond its threshold | impression x), (H, K)."""
        ll = log_ndtr(offset + slope * x[he])
        return np.bincount(flat, ll.ravel(), H * N_NODES).reshape(H, N_NODES)

    # Gauss-Hermite over the interior posterior, then again over a normal with the
    # first pass's posterior moments (importance-weighted): a sharp censoring leaves
    # a posterior far narrower than the interior one, which the first grid resolves
    # poorly (24 nodes in one pass: errors up to 0.003 in [0, 1] units).
    x = m_in[:, None] + NODES[None, :] / np.sqrt(p_in)[:, None]  # (H, K)
    censored, spread = _weighted_moments(x, log_lik(x) + LOG_WEIGHTS[None, :])
    x = censored[:, None] + spread[:, None] * NODES[None, :]
    log_prior = -0.5 * p_in[:, None] * (x - m_in[:, None]) ** 2
    log_proposal = -0.5 * NODES[None, :] ** 2  # up to a constant per interview
    censored, _ = _weighted_moments(x, log_lik(x) + log_prior - log_proposal + LOG_WEIGHTS)
    r_h = np.zeros(H, dtype=np.int64)
    r_h[h] = rater
    # Shifting every rating of the interview by s moves the face-value posterior mean
    # by s a n / (s2 p_all); the shift that moves it to the censored reading:
    shift[idx] = (censored - face) * p_all * s2_i[r_h] / (a[r_h] * n_g[idx])
    return shift
