"""Ordinal likelihood: ratings as intervals of the latent scale (cumulative probit).

With ``likelihood="ordinal"`` a rating of k on a scale [lo, hi] is read as "the
latent rating ``y*`` fell between the half-points ``k - 0.5`` and ``k + 0.5``",
the end categories open (``(-inf, lo + 0.5]`` and ``[hi - 0.5, inf)``). The latent
rating carries the interviewer's severity and scale use (see model.py):

    P(rating = k) = Phi((t_k+ - m_r) / s_i) - Phi((t_k- - m_r) / s_i)
    m_r = kappa_k + b_i + mu_j + a_i * (x_g + delta_ck - delta_c) + gamma * p_g

so the thresholds, fixed at the half-points of the scale, sit at rater-specific
places of the candidates' scale: a cumulative probit with rater severity
(shift) and scale use (stretch). Nothing is imputed: each EM pass replaces
every rating by the mean of its latent value given its interval and the current
fit (a truncated normal), and adds the truncated variance to the noise. For an
interior rating whose interval is narrow against the noise this is close to the
face value; for an end rating it is the mean of the open tail beyond the
threshold, which moves with the fit (an interviewer who gives only top marks
gets a latent severity beyond the scale's end, which face value cannot reach).

The E-step is conditional on the posterior means of the candidate, halo and
profile effects (a joint-mode step for them; exact given the fixed effects);
see docs/engine.md, "Ordinal likelihood".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

LIKELIHOODS = ("face", "ordinal")
LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


@dataclass
class Intervals:
    """Each rating's interval of the latent scale, in [0, 1] units of its own scale.

    ``lo`` is ``-inf`` for the bottom category and ``hi`` ``+inf`` for the top one.
    """

    lo: np.ndarray  # (n,)
    hi: np.ndarray  # (n,)


def rating_intervals(u: np.ndarray, span: np.ndarray) -> Intervals:
    """Intervals of ratings ``u`` (in [0, 1]) on scales of ``span`` points.

    Parameters
    ----------
    u : numpy.ndarray
        Ratings mapped to [0, 1], ``(rating - scale_min) / span``.
    span : numpy.ndarray
        ``scale_max - scale_min`` of each rating (or one number for all).

    Returns
    -------
    Intervals
        Half a scale point either side of each rating, open beyond the ends.
    """
    half = 0.5 / np.broadcast_to(np.asarray(span, dtype=np.float64), u.shape)
    lo = np.where(u <= 0.0, -np.inf, u - half)
    hi = np.where(u >= 1.0, np.inf, u + half)
    return Intervals(lo, hi)


def _log_pdf(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        return -0.5 * x * x - LOG_SQRT_2PI


def mirrored_mass(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """The standard normal's mass on ``[a, b]``, stably, with the density ratios at the bounds.

    The interval is mirrored so that its centre is at or below 0: then both cumulative
    probabilities are small or moderate, where ``log_ndtr`` is exact, even 10 sds out.

    Returns
    -------
    flip, a, b, log_z, ra, rb : numpy.ndarray
        Whether each interval was mirrored, its bounds after mirroring, ``log Z`` (the
        log of its mass) and ``phi(a) / Z``, ``phi(b) / Z`` (0 at an infinite bound).
    """
    flip = (a + b) > 0
    a, b = np.where(flip, -b, a), np.where(flip, -a, b)
    log_fb, log_fa = log_ndtr(b), log_ndtr(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_z = log_fb + np.log1p(-np.exp(log_fa - log_fb))
        ra = np.where(np.isfinite(a), np.exp(_log_pdf(a) - log_z), 0.0)
        rb = np.where(np.isfinite(b), np.exp(_log_pdf(b) - log_z), 0.0)
    return flip, a, b, log_z, ra, rb


def truncnorm_moments(
    mean: np.ndarray, sd: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of N(mean, sd^2) truncated to [lo, hi] (vectorised).

    Stable far in the tails: intervals above the mean are mirrored below it, and
    the normalising mass and density ratios are taken on the log scale
    (``log_ndtr``), so an end category 10 sds away still gets the right tail mean
    (the Mills ratio) instead of 0/0.

    Parameters
    ----------
    mean, sd : numpy.ndarray
        Moments of the untruncated normal (sd > 0).
    lo, hi : numpy.ndarray
        Bounds, ``lo < hi``; ``-inf`` / ``inf`` for open ends.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Truncated mean and variance.
    """
    mean, sd, lo, hi = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in (mean, sd, lo, hi)))
    flip, a, b, _, ra, rb = mirrored_mass((lo - mean) / sd, (hi - mean) / sd)
    with np.errstate(invalid="ignore"):
        a_ra = np.where(np.isfinite(a), a * ra, 0.0)
        b_rb = np.where(np.isfinite(b), b * rb, 0.0)
    shift = ra - rb
    # A log-concave density on an interval of width w has variance <= w^2 / 12:
    # the bound removes the cancellation error of the formula on narrow intervals.
    with np.errstate(invalid="ignore"):
        var_std = np.clip(1.0 + a_ra - b_rb - shift**2, 0.0, (b - a) ** 2 / 12.0)
    # A vanishing interval (or mass underflow) leaves its midpoint.
    bad = ~np.isfinite(shift) | ~np.isfinite(var_std)
    mid = np.where(np.isfinite(a) & np.isfinite(b), 0.5 * (a + b), np.where(np.isfinite(a), a, b))
    shift = np.where(bad, mid, shift)
    var_std = np.where(bad, 0.0, var_std)
    shift = np.where(flip, -shift, shift)
    return mean + sd * shift, sd * sd * var_std


def latent_moments(
    iv: Intervals, pred: np.ndarray, noise_var: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """E-step of the ordinal likelihood: each rating's latent mean and variance.

    Parameters
    ----------
    iv : Intervals
        The ratings' intervals.
    pred : numpy.ndarray
        The fit's current mean of each latent rating (severity, scale use, job,
        candidate, halo and profile included).
    noise_var : numpy.ndarray
        The per-rating noise variance of the rating's interviewer.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``E[y* | interval]`` and ``Var[y* | interval]``.
    """
    return truncnorm_moments(pred, np.sqrt(noise_var), iv.lo, iv.hi)


def interview_information(
    latent_var: np.ndarray, noise_var: np.ndarray, g: np.ndarray, n_interviews: int
) -> np.ndarray:
    """Share of an exact rating's information that each interview's intervals carry.

    By Louis (1982), an interval observation of N(m, s^2) carries the information
    ``(1 - v / s^2) / s^2`` about ``m`` (``v`` its latent variance given the interval):
    the complete-data information minus the missing part. Averaged over the
    interview's ratings, this is the factor by which the interview mean's noise
    variance is divided when the posterior variances are taken (the EM's point
    estimates use the complete-data weights: its fixed point is the mode).
    """
    frac = np.clip(1.0 - latent_var / noise_var, 0.02, 1.0)
    n = np.bincount(g, minlength=n_interviews)
    return np.bincount(g, frac, n_interviews) / np.maximum(n, 1)
