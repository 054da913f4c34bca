"""The likelihood the end refit (``interval_refit.py``) maximises, per interviewer.

Each rating is the interval half a scale point either side of it on the latent scale;
read as censored (the Tobit reading), a rating on an end is open beyond it, and read at
face value (the "Gaussian twin") closed like the others. :func:`log_likelihood` gives
each refitted interviewer's log-likelihood with its priors, its gradient and its
Hessian in (severity, scale use, log noise), from :class:`PiledRatings`: the ratings on
an end one by one, the interior ones through six sums.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

from .ordinal import LOG_SQRT_2PI, mirrored_mass

# Prior on each interviewer's log noise variance, around the median noise of the
# interviewers with no pile on an end (sd 0.5 on the log scale: a factor 1.6 either
# way). It keeps an interviewer with nearly every rating on an end (hardly any
# interior rating to read noise from) at a plausible noise. Centred on their own
# face-value noise it held them near 0 (their ratings, all on the end, look
# noiseless at face value), and the Tobit then read the few interior ratings as
# sharp: t3 severities, 30 organisations, the 8 busy interviewers with over 60% on an
# end had z SD 29. Busy / quiet severity z SD with sd 2 / 1 / 0.5 / 0.25: t3 3.32 /
# 1.59 / 1.22 / 1.16 (busy), end piling 1.16 / 1.18 / 1.19 / 1.21 (busy; severity
# RMSE 0.0917 / 0.0921 / 0.0931 / 0.0947 points).
LOG_TAU_SD = 0.5


@dataclass
class PiledRatings:
    """The piled interviewers' ratings, as the refit reads them.

    Each interviewer's standings enter with one variance, their ratings' mean ``q``:
    then their interior ratings' likelihood depends on six sums only (``stats``), and
    only the ratings on an end are read one by one.
    """

    u: np.ndarray  # (n_e,) rating on an end, in [0, 1]
    side: np.ndarray  # (n_e,) -1 bottom end, +1 top end
    o: np.ndarray  # (n_e,) offset outside the stretch
    h: np.ndarray  # (n_e,) standing given the candidate's other interviews
    who: np.ndarray  # (n_e,) position of the rating's interviewer among the refitted
    qbar: np.ndarray  # (k,) mean variance of the standings (halo included)
    stats: np.ndarray  # (k, 6) interior ratings: count, sum h, h^2, y, h y, y^2 (y = u - o)
    half: float  # half a scale point
    k: int  # refitted interviewers
    prior: tuple[np.ndarray, float, np.ndarray, float, np.ndarray]  # b0, s2_b, a0, s2_a, log tau0


# Open ends as finite bounds this many sds away: their density underflows to exactly
# 0, so the derivative formulas need no special case for infinite bounds.
FAR = 1e6


def open_mass(al: np.ndarray, be: np.ndarray) -> tuple[np.ndarray, ...]:
    """:func:`~secondround.engine.ordinal.mirrored_mass` for intervals open on one side.

    Each interval has one bound at ``-FAR`` or ``FAR``: mirrored, it is
    ``(-FAR, b)``, whose mass is ``Phi(b)`` and whose density at ``-FAR`` underflows
    to 0. The same numbers, bit for bit, without the second ``log_ndtr`` (the Tobit's
    ratings on an end are all such).
    """
    flip = (al + be) > 0
    b = np.where(flip, -al, be)
    log_z = log_ndtr(b)
    rb = np.exp(-0.5 * b * b - LOG_SQRT_2PI - log_z)
    return flip, np.full_like(b, -FAR), b, log_z, np.zeros_like(b), rb


def interval_terms(
    lo: np.ndarray, hi: np.ndarray, mu: np.ndarray, s: np.ndarray, open_side: bool = False
) -> tuple:
    """log P(lo < y* < hi) for y* ~ N(mu, s^2), its first and second derivatives in (mu, s).

    Stable far in the tails: an interval above the mean is mirrored below it, where
    both cumulative probabilities are small and ``log_ndtr`` is exact. With
    ``r_a = phi(alpha) / Z`` (``alpha = (lo - mu) / s``) and ``r_b`` likewise::

        d/dmu = (r_a - r_b) / s,  d/ds = (alpha r_a - beta r_b) / s

    ``open_side``: every interval is open on one side (see :func:`open_mass`).
    """
    al = np.maximum((lo - mu) / s, -FAR)
    be = np.minimum((hi - mu) / s, FAR)
    flip, al, be, log_z, ra, rb = (open_mass if open_side else mirrored_mass)(al, be)
    sign = np.where(flip, -1.0, 1.0)  # mirroring flips the odd derivatives in mu
    d1 = ra - rb
    m1 = al * ra - be * rb
    a2r, b2r = al * al * ra, be * be * rb
    m2 = a2r - b2r
    # al * (al^2 ra), not al**3 * ra: numpy's power with exponent 3 calls pow(), which
    # took 40 ms of this function's 50 at a million ratings (they agree to 1 ulp).
    m3 = al * a2r - be * b2r
    inv = 1.0 / s
    g_mu, g_s = sign * d1 * inv, m1 * inv
    h_mumu = (m1 - d1 * d1) * inv * inv
    h_mus = sign * (m2 - d1 - d1 * m1) * inv * inv
    h_ss = (m3 - 2.0 * m1 - m1 * m1) * inv * inv
    return log_z, g_mu, g_s, h_mumu, h_mus, h_ss


def interior_terms(th: np.ndarray, dd: PiledRatings) -> tuple[np.ndarray, ...]:
    """Interior ratings' log-likelihood, gradient and Hessian per interviewer, from sums.

    ``l = -n/2 log v - R / (2 v)`` with ``v = tau + a^2 qbar + w^2 / 12`` and ``R`` the
    sum of squared residuals, a quadratic in (b, a).
    """
    b, a, lt = th[:, 0], th[:, 1], th[:, 2]
    n, sh, shh, sy, shy, syy = dd.stats.T
    tau, q = np.exp(lt), dd.qbar
    v = tau + a * a * q + dd.half**2 / 3.0
    big_r = syy - 2 * b * sy - 2 * a * shy + n * b * b + 2 * a * b * sh + a * a * shh
    r_b = 2 * (n * b + a * sh - sy)
    r_a = 2 * (sh * b + a * shh - shy)
    v_a, v_aa, v_l = 2 * a * q, 2 * q, tau
    iv = 1.0 / v
    iv2, iv3 = iv * iv, iv * iv * iv
    ll = -0.5 * n * np.log(v) - 0.5 * big_r * iv - 0.5 * n * np.log(2 * np.pi)
    grad = np.stack(
        [
            -0.5 * r_b * iv,
            -0.5 * n * v_a * iv - 0.5 * r_a * iv + 0.5 * big_r * v_a * iv2,
            -0.5 * n * v_l * iv + 0.5 * big_r * v_l * iv2,
        ],
        axis=1,
    )
    hess = np.empty((dd.k, 3, 3))
    hess[:, 0, 0] = -n * iv
    hess[:, 0, 1] = hess[:, 1, 0] = -sh * iv + 0.5 * r_b * v_a * iv2
    hess[:, 0, 2] = hess[:, 2, 0] = 0.5 * r_b * v_l * iv2
    hess[:, 1, 1] = (
        -0.5 * n * v_aa * iv
        + 0.5 * n * v_a * v_a * iv2
        - shh * iv
        + r_a * v_a * iv2
        + 0.5 * big_r * v_aa * iv2
        - big_r * v_a * v_a * iv3
    )
    hess[:, 1, 2] = hess[:, 2, 1] = (
        0.5 * n * v_a * v_l * iv2 + 0.5 * r_a * v_l * iv2 - big_r * v_a * v_l * iv3
    )
    hess[:, 2, 2] = -0.5 * n * (v_l * iv - v_l * v_l * iv2) + 0.5 * big_r * (
        v_l * iv2 - 2 * v_l * v_l * iv3
    )
    return ll, grad, hess


def log_likelihood(th: np.ndarray, dd: PiledRatings, censored: bool) -> tuple[np.ndarray, ...]:
    """Per-interviewer log-likelihood (+ prior), gradient (k, 3) and Hessian (k, 3, 3).

    Every rating is the interval half a scale point either side of it (the interior
    ones as their midpoint with the rounding's variance, ``interior_terms``); with
    ``censored`` the ends' intervals are open (the Tobit reading), without it closed
    like the others (the face-value twin).
    """
    return with_prior(th, dd.prior, data_terms(th, dd, censored))


def data_terms(th: np.ndarray, dd: PiledRatings, censored: bool) -> tuple[np.ndarray, ...]:
    """:func:`log_likelihood` without the priors: the ratings' part alone.

    Each interviewer's terms depend only on their own parameters and ratings, so
    those computed on a :func:`subset` equal those of the whole, bit for bit, and the
    same ratings read with another prior need only :func:`with_prior` again.
    """
    b, a, lt = th[:, 0], th[:, 1], th[:, 2]
    k = dd.k
    total, grad, hess = interior_terms(th, dd)
    w = dd.who
    tau, a_r, q = np.exp(lt)[w], a[w], dd.qbar[w]
    mu = dd.o + b[w] + a_r * dd.h
    s2 = tau + a_r * a_r * q
    s = np.sqrt(s2)
    lo, hi = dd.u - dd.half, dd.u + dd.half
    if censored:
        lo = np.where(dd.side < 0, -np.inf, lo)
        hi = np.where(dd.side > 0, np.inf, hi)
    # The refit reads only ratings on an end (the interior ones are in the sums above):
    # censored, each is open beyond its end.
    ll, g_mu, g_s, h_mm, h_ms, h_ss = interval_terms(lo, hi, mu, s, open_side=censored)
    # Chain rule to (b, a, log tau): mu = o + b + a h, s = sqrt(tau + a^2 q).
    # Written out (b enters mu only, log tau s only), half the work of a generic loop.
    h = dd.h
    inv_s = 1.0 / s
    qt_s3 = q * tau * inv_s / s2
    ds_a = a_r * q * inv_s
    ds_l = 0.5 * tau * inv_s
    ms_h = h_ms * h
    total = total + np.bincount(w, ll, k)
    grad[:, 0] += np.bincount(w, g_mu, k)
    grad[:, 1] += np.bincount(w, g_mu * h + g_s * ds_a, k)
    grad[:, 2] += np.bincount(w, g_s * ds_l, k)
    hss_a = h_ss * ds_a
    entries = {
        (0, 0): h_mm,
        (0, 1): h_mm * h + h_ms * ds_a,
        (0, 2): h_ms * ds_l,
        (1, 1): (h_mm * h + 2.0 * h_ms * ds_a) * h + hss_a * ds_a + g_s * qt_s3,
        (1, 2): (ms_h + hss_a) * ds_l - 0.5 * g_s * a_r * qt_s3,
        (2, 2): h_ss * ds_l * ds_l + g_s * (ds_l - 0.25 * tau * tau * inv_s / s2),
    }
    for (j, m), term in entries.items():
        hess[:, j, m] += np.bincount(w, term, k)
        if j != m:
            hess[:, m, j] = hess[:, j, m]
    return total, grad, hess


def with_prior(
    th: np.ndarray, prior: tuple, terms: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, ...]:
    """:func:`data_terms` ``terms`` at ``th`` with the priors ``prior`` added (new arrays)."""
    total, grad, hess = terms
    b, a, lt = th[:, 0], th[:, 1], th[:, 2]
    b0, s2_b, a0, s2_a, lt0 = prior
    k = len(th)
    total = total - 0.5 * (
        (b - b0) ** 2 / s2_b + (a - a0) ** 2 / s2_a + (lt - lt0) ** 2 / LOG_TAU_SD**2
    )
    prior_prec = np.stack(
        [np.full(k, 1.0 / s2_b), np.full(k, 1.0 / s2_a), np.full(k, 1.0 / LOG_TAU_SD**2)], axis=1
    )
    grad = grad - prior_prec * (th - np.stack([b0, a0, lt0], axis=1))
    hess = hess.copy()
    hess[:, [0, 1, 2], [0, 1, 2]] -= prior_prec
    return total, grad, hess


def subset(dd: PiledRatings, keep: np.ndarray) -> PiledRatings:
    """The interviewers ``keep`` (k,) bool, renumbered."""
    pos = np.cumsum(keep) - 1
    r = keep[dd.who]
    b0, s2_b, a0, s2_a, lt0 = dd.prior
    return PiledRatings(
        dd.u[r],
        dd.side[r],
        dd.o[r],
        dd.h[r],
        pos[dd.who[r]],
        dd.qbar[keep],
        dd.stats[keep],
        dd.half,
        int(keep.sum()),
        (b0[keep], s2_b, a0[keep], s2_a, lt0[keep]),
    )
