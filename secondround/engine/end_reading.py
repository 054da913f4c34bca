"""The candidates' interviews with ratings on a scale's end, read as bounds.

At face value a rating on an end is the end itself, although it only says that the
interviewer's view was at or beyond the half-point before it (a 5 on a 1-5 scale: 4.5 or
more). For each interview with such a rating, the posterior mean of its impression is
computed with its end ratings read as censored (the prior and the interior ratings
Gaussian; Newton steps to the posterior's mode, then Gauss-Hermite quadrature around
it), and compared with the face-value posterior mean. The difference becomes the shift
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
N_NODES = 16
NEWTON_STEPS = 6  # to the log posterior's mode (concave: Newton converges from the interior mean)
NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(N_NODES)
LOG_WEIGHTS = np.log(WEIGHTS)
# The latent noise keeps at least this share of the face-value noise (an interviewer
# whose ratings barely vary within interviews would otherwise read the ends as sharp).
LATENT_NOISE_MIN = 0.25
# The least share of information an interview's ratings keep with its ends read as
# bounds (as rater_sds.END_SHARE_CLIP for an interviewer's).
END_INFO_MIN = 1e-3


def latent_noise(s2: np.ndarray, half: float) -> np.ndarray:
    """The latent rating's noise variance: face value's less the rounding's (2 half)^2 / 12."""
    return np.maximum(s2 - half**2 / 3.0, LATENT_NOISE_MIN * s2)


def _log_pdf(t: np.ndarray) -> np.ndarray:
    """log of the standard normal density."""
    return -0.5 * t * t - 0.5 * np.log(2.0 * np.pi)


def end_reading_moments(
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
) -> tuple[np.ndarray, np.ndarray]:
    """Each interview's end ratings read as bounds: the shift of its mean rating, and the
    share of information its ratings keep.

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
    shift : (G,) float array
        0 for interviews without a rating on an end.
    share : (G,) float array
        The information the interview's ratings give on its impression, read with the
        ends as bounds, over what they give read at face value: ``(1 / v - 1 / q) /
        (p - 1 / q)``, ``v`` the censored posterior variance and ``p`` the face-value
        posterior precision (in [END_INFO_MIN, 1]; 1 without a rating on an end). A top
        rating from an interviewer whose view of the candidate is well above the bound
        says little more than the prior did; at face value it counted as a full point.
    """
    G = len(m)
    top = u >= 1 - 1e-9
    end = (top | (u <= 1e-9)) & ~skip[rater]
    shift = np.zeros(G)
    share = np.ones(G)
    if not end.any():
        return shift, share
    has = np.zeros(G, dtype=bool)
    has[g[end]] = True
    # The ratings of those interviews, by position (one gather each, not a mask).
    kept = np.flatnonzero(has[g])
    u, rater, g, base, dev = u[kept], rater[kept], g[kept], base[kept], dev[kept]
    end, top = end[kept], top[kept]
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
    # Each end rating says offset + slope * x >= 0 in units of its latent noise.
    sign = np.where(top[e], 1.0, -1.0)
    sd = np.sqrt(latent_noise(s2[e], half))
    slope = sign * ai[e] / sd
    offset = sign * (base[e] + ai[e] * dev[e] - np.where(top[e], 1.0 - half, half)) / sd
    censored, var = censored_moments(he, offset, slope, m_in, p_in)
    r_h = np.zeros(H, dtype=np.int64)
    r_h[h] = rater
    # Shifting every rating of the interview by s moves the face-value posterior mean
    # by s a n / (s2 p_all); the shift that moves it to the censored reading:
    shift[idx] = (censored - face) * p_all * s2_i[r_h] / (a[r_h] * n_g[idx])
    face_info = p_all - 1.0 / q_h
    kept = (1.0 / var - 1.0 / q_h) / np.where(face_info > 0, face_info, 1.0)
    share[idx] = np.where(face_info > 0, np.clip(kept, END_INFO_MIN, 1.0), 1.0)
    return shift, share


def _mills(t: np.ndarray) -> np.ndarray:
    """phi(t) / Phi(t), stably far in the lower tail."""
    return np.exp(_log_pdf(t) - log_ndtr(t))


def censored_moments(
    he: np.ndarray, offset: np.ndarray, slope: np.ndarray, m_in: np.ndarray, p_in: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and variance of each interview's impression, its end ratings read
    as bounds.

    The prior (with the interior ratings) is ``N(m_in, 1 / p_in)`` per interview; end
    rating ``r`` of interview ``he[r]`` multiplies it by ``Phi(offset + slope x)``.
    With one end rating the moments are closed-form (a Gaussian times one probit:
    mean ``m + v s lambda(z) / r``, variance ``v - (v s / r)^2 lambda(z) (z + lambda(z))``,
    ``r = sqrt(1 + s^2 v)``); with several, Newton steps to the
    posterior's mode, then Gauss-Hermite quadrature around it. Two thirds of the
    interviews with an end rating have one (the 1M file of docs/benchmarks.md), where
    the quadrature agreed with the closed form to 1e-13.
    """
    H = len(m_in)
    n_end = np.bincount(he, minlength=H)
    out = np.empty(H)
    var = 1.0 / p_in  # interviews without an end rating keep their Gaussian posterior
    single = n_end[he] == 1
    r1 = np.flatnonzero(single)
    h1 = he[r1]
    v1 = 1.0 / p_in[h1]
    root = np.sqrt(1.0 + slope[r1] ** 2 * v1)
    z = (offset[r1] + slope[r1] * m_in[h1]) / root
    lam = _mills(z)
    out[h1] = m_in[h1] + v1 * slope[r1] * lam / root
    var[h1] = v1 - (v1 * slope[r1] / root) ** 2 * lam * (z + lam)
    several = np.flatnonzero(n_end > 1)
    if len(several):
        rs = np.flatnonzero(~single)
        pos = np.full(H, -1)
        pos[several] = np.arange(len(several))
        out[several], var[several] = _quadrature_moments(
            pos[he[rs]], offset[rs], slope[rs], m_in[several], p_in[several]
        )
    return out, var


def _quadrature_moments(
    he: np.ndarray, offset: np.ndarray, slope: np.ndarray, m_in: np.ndarray, p_in: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`censored_moments` for interviews with several end ratings."""
    H = len(m_in)
    # The posterior's mode and curvature by Newton steps (the log posterior is concave),
    # then Gauss-Hermite over that normal, importance-weighted: a sharp censoring leaves a
    # posterior far narrower than the interior one, which a grid over the interior
    # posterior resolves poorly (24 nodes: errors up to 0.003 in [0, 1] units).
    mode = m_in.copy()
    for _ in range(NEWTON_STEPS):
        t = offset + slope * mode[he]
        mills = _mills(t)
        grad = -p_in * (mode - m_in) + np.bincount(he, slope * mills, H)
        curv = p_in + np.bincount(he, slope**2 * mills * (t + mills), H)
        mode += grad / curv
    spread = 1.0 / np.sqrt(curv)
    x = mode[:, None] + spread[:, None] * NODES[None, :]  # (H, K)
    ll = log_ndtr(offset[:, None] + slope[:, None] * x[he])
    flat = (he[:, None] * N_NODES + np.arange(N_NODES)[None, :]).ravel()
    log_lik = np.bincount(flat, ll.ravel(), H * N_NODES).reshape(H, N_NODES)
    log_prior = -0.5 * p_in[:, None] * (x - m_in[:, None]) ** 2
    log_proposal = -0.5 * NODES[None, :] ** 2  # up to a constant per interview
    lw = log_lik + log_prior - log_proposal + LOG_WEIGHTS[None, :]
    w = np.exp(lw - lw.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    mean = (w * x).sum(axis=1)
    # Centred on the mode, so the second moment loses no digits to the mean's size.
    dx = x - mode[:, None]
    var = (w * dx * dx).sum(axis=1) - (mean - mode) ** 2
    return mean, np.maximum(var, 0.0)
