"""Corrections that make the interviewers' sds honest (see docs/engine.md).

:func:`secondround.engine.em.rater_variances` gives each interviewer's information
on severity and scale use from their interviews. Two things it leaves out are
added here: severities are reported relative to an estimated reference (the
rating-weighted average interviewer), and ratings on a scale's end point are taken
at face value although they only bound what the interviewer meant.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

# Shares of ratings on an end are clipped away from 0 and 1 (the probit of 0 is
# infinite); an interviewer with every rating on one end keeps this much of it.
END_SHARE_CLIP = 1e-3
# Below this share of ratings on either end, the correction is skipped (it is
# within a few per cent of 1 there, and most interviewers are below it).
END_SHARE_MIN = 0.02


def centred_variances(var: np.ndarray, w: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Variances of estimates taken relative to their weighted mean within each group.

    Severities are reported relative to the rating-weighted average interviewer of
    their group, and that average is estimated from the same data: the error of
    ``b_i - sum_j w_j b_j`` (weights summing to 1 per group, errors taken as
    independent) has variance ``var_i (1 - 2 w_i) + sum_j w_j^2 var_j``. A busy
    interviewer is a large part of the reference, so their error relative to it is
    smaller than their own (bench.rater_sds, 20 organisations: severity z SD 0.87 for
    busy interviewers without this, with the shared-job information).
    """
    n_groups = int(group.max()) + 1 if len(group) else 0
    tot = np.bincount(group, w, n_groups)
    wn = w / np.where(tot > 0, tot, 1.0)[group]
    ref = np.bincount(group, wn**2 * var, n_groups)
    return np.maximum(var * (1.0 - 2.0 * wn) + ref[group], 0.0)


def censored_information(u: np.ndarray, rater: np.ndarray, n_i: int) -> np.ndarray:
    """Share of the location information an interviewer's ratings keep, given their ends.

    A rating on a scale's end point says only that the interviewer's view was at or
    beyond it: the engine reads it at face value, which for an interviewer who piles
    ratings on an end (a very lenient one who gives top marks) understates how far
    out they are, by more than their sd. If the interviewer's ratings were normal and
    censored where they pile (shares ``p_lo`` and ``p_hi`` on the two ends, so
    ``z_lo = Phi^-1(p_lo)``, ``z_hi = Phi^-1(1 - p_hi)``), the expected Fisher
    information on their location per rating, relative to uncensored ratings, is::

        Phi(z_hi) - Phi(z_lo) - z_hi phi(z_hi) + z_lo phi(z_lo)
            + phi(z_hi)^2 / (1 - Phi(z_hi)) + phi(z_lo)^2 / Phi(z_lo)

    (1 without ends, 0.82 with half the ratings on one end, 0.13 with 98%).

    Parameters
    ----------
    u : (n,) float array
        Ratings normalised to [0, 1] (0 and 1 are the scale's ends).
    rater : (n,) int array
        Interviewer of each rating.
    n_i : int
        Number of interviewers.

    Returns
    -------
    (I,) float array in (0, 1]
    """
    count = np.maximum(np.bincount(rater, minlength=n_i), 1)
    p_lo = np.bincount(rater, u <= 1e-9, n_i) / count
    p_hi = np.bincount(rater, u >= 1 - 1e-9, n_i) / count
    out = np.ones(n_i)
    some = (p_lo >= END_SHARE_MIN) | (p_hi >= END_SHARE_MIN)
    if not some.any():
        return out
    lo = np.clip(p_lo[some], END_SHARE_CLIP, 1 - END_SHARE_CLIP)
    hi = np.clip(p_hi[some], END_SHARE_CLIP, 1 - END_SHARE_CLIP)
    z_lo, z_hi = ndtri(lo), ndtri(1 - hi)
    z_hi = np.maximum(z_hi, z_lo)
    pdf_lo, pdf_hi = np.exp(-0.5 * z_lo**2), np.exp(-0.5 * z_hi**2)
    pdf_lo, pdf_hi = pdf_lo / np.sqrt(2 * np.pi), pdf_hi / np.sqrt(2 * np.pi)
    info = (
        ndtr(z_hi)
        - ndtr(z_lo)
        - z_hi * pdf_hi
        + z_lo * pdf_lo
        + pdf_hi**2 / (1 - ndtr(z_hi))
        + pdf_lo**2 / ndtr(z_lo)
    )
    out[some] = np.clip(info, END_SHARE_CLIP, 1.0)
    return out


def scale_information(var: np.ndarray, prior_var: float, share: np.ndarray) -> np.ndarray:
    """Posterior variances with the data's part of the precision scaled by ``share``."""
    data = np.maximum(1.0 / var - 1.0 / prior_var, 0.0)
    return 1.0 / (share * data + 1.0 / prior_var)
