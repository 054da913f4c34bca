"""Corrections that make the interviewers' sds honest (see docs/engine.md).

:func:`secondround.engine.em.rater_variances` gives each interviewer's information
on severity and scale use from their interviews. Three things it leaves out are
added here: severities are reported relative to an estimated reference (the
rating-weighted average interviewer); ratings on a scale's end point are taken
at face value although they only bound what the interviewer meant (the share of
information they keep comes from :mod:`secondround.engine.interval_refit`, and
:func:`scale_information` applies it); and ratings rounded to one or two points
leave a bias in the mean rating that is not noise (:func:`rounding_bias`), and in
the slope of the ratings on the standings, the scale use
(:func:`scale_use_rounding_variance`).
"""

from __future__ import annotations

import numpy as np

# The least share of information an interviewer's ratings keep (one with every
# rating on one end keeps this much).
END_SHARE_CLIP = 1e-3
# Below this share of ratings on either end, an interviewer is read at face value
# (the correction is within a few per cent there, and most interviewers are below it).
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


def scale_information(var: np.ndarray, prior_var: float, share: np.ndarray) -> np.ndarray:
    """Posterior variances with the data's part of the precision scaled by ``share``."""
    data = np.maximum(1.0 / var - 1.0 / prior_var, 0.0)
    return 1.0 / (share * data + 1.0 / prior_var)


# Harmonics of the rounding error summed in :func:`rounding_bias`: the k-th is damped by
# exp(-4 pi^2 k^2 r): from r = 0.01 on (a tenth of a point's spread) the fourth adds
# under 2e-4 of the first; at r = 0 three give 0.83 of the limit point^2 / 12.
ROUNDING_HARMONICS = 3


def rounding_bias(r: np.ndarray, point: np.ndarray | float) -> np.ndarray:
    """Expected squared bias of each interviewer's severity from reading rounded ratings
    as points (I,), in squared [0, 1] units, from their views' spread ``r``
    (:func:`rounding_spread`, without the offsets).

    A rating is the interviewer's latent view rounded to the nearest scale point
    (``point`` apart, (I,) or one for all: each interviewer's own scale's). Read at face
    value, its rounding error ``y - round(y)`` is a sawtooth in ``y``, ``sum_k (point /
    (pi k)) (-1)^(k+1) sin(2 pi k y / point)``; over a Gaussian spread of variance
    ``S^2`` each harmonic is damped by ``exp(-2 pi^2 k^2 S^2 / point^2)``. Where an
    interviewer's ratings spread over several points (``S`` half a point or more)
    nothing is left but the noise ``point^2 / 12`` the fit counts already (Sheppard).
    Where they sit on one or two points (a narrow scale use on a coarse scale) the
    rounding is not noise: their mean rating is off their mean view by a sine of where
    that mean falls between two points, shared by all their ratings, which no count of
    ratings shrinks. ``S^2`` is the interviewer's latent noise (``s2_i`` less the
    rounding's ``point^2 / 12``) plus their scale use's stretch of the standings they
    read: ``a^2`` times the standings' spread over their ratings and their variance
    ``q`` (both spread the views over the points). Where the mean falls is not corrected
    but averaged over, each harmonic at its mean square: ``sum_k point^2 exp(-4 pi^2 k^2
    r) / (2 pi^2 k^2)``, ``r = S^2 / point^2``; as ``r -> 0`` this tends to ``point^2 /
    12``, an error uniform over the point.
    (Correcting the scale uses' like bias, a cosine, at the fitted severities added
    more error than it took out: docs/benchmarks.md, section 5, branch `ends2`. Its
    mean square is counted in their variance instead, :func:`scale_use_rounding_bias`,
    with the spread of the whole view; read with the standings' spread alone, as here,
    it took the busy interviewers' scale-use sds on 1-5 scales further past wide.)
    """
    k2 = np.arange(1, ROUNDING_HARMONICS + 1) ** 2
    damp = np.exp(-4.0 * np.pi**2 * np.outer(r, k2))
    return point * point * (damp / (2.0 * np.pi**2 * k2)).sum(axis=1)


def rounding_spread(
    rater: np.ndarray,
    standing: np.ndarray,
    rater_g: np.ndarray,
    n_g: np.ndarray,
    q: np.ndarray,
    a: np.ndarray,
    s2_i: np.ndarray,
    point: np.ndarray | float,
    offset: np.ndarray | None = None,
) -> np.ndarray:
    """Each interviewer's latent views' variance in squared scale points, ``S^2 / point^2``
    (I,): their latent noise (``s2_i`` less the rounding's ``point^2 / 12``) plus ``a^2``
    times the spread of the standings they read and their variance ``q``, which
    :func:`rounding_bias` reads. With ``offset`` (each rating's offset outside the
    stretch: competency, job mean, level, drift, contrast) the spread is that of the
    whole mean view, ``offset + a * standing``, over the interviewer's ratings, since
    every part of it moves where a view falls between two points.

    Parameters
    ----------
    rater, standing : (n,) arrays
        Each rating's interviewer and the standing it stretches.
    rater_g, n_g : (G,) arrays
        Each interview's interviewer and number of ratings.
    q : (G,) float array
        Each interview's standing variance.
    a, s2_i : (I,) float arrays
        Scale uses and face-value noise variances.
    point : (I,) float array or float
        Each interviewer's scale's point, in [0, 1] units.
    offset : (n,) float array, optional
    """
    n_i = len(a)
    count = np.maximum(np.bincount(rater_g, n_g, n_i), 1)
    view = a[rater] * standing if offset is None else offset + a[rater] * standing
    mean_v = np.bincount(rater, view, n_i) / count
    var_v = np.maximum(np.bincount(rater, view * view, n_i) / count - mean_v**2, 0.0)
    mean_q = np.bincount(rater_g, n_g * q, n_i) / count
    s2 = np.maximum(s2_i - point * point / 12.0, 0.0) + a * a * mean_q + var_v
    return s2 / (point * point)


# Harmonics of the rounding's slope summed in :func:`scale_use_rounding_bias`: they are
# not damped by 1 / k^2 as the sawtooth's are, so more are needed; from r = 0.005 on
# (views spread over 0.07 of a point) the ninth adds under 2e-7 of the first.
SLOPE_HARMONICS = 8


def scale_use_rounding_bias(r: np.ndarray) -> np.ndarray:
    """Expected squared relative bias of each interviewer's scale use from reading rounded
    ratings as points (I,), from their views' spread ``r`` (:func:`rounding_spread`).

    Read at face value, a rating is the view ``y`` rounded to a point, ``y - sum_k
    (point / (pi k)) (-1)^(k+1) sin(2 pi k y / point)`` (:func:`rounding_bias`). Its
    expected slope on the standing read, over views spread with variance ``S^2`` about
    a mean ``m`` (Stein's lemma: the regression slope on a Gaussian regressor is the
    mean derivative), is the scale use times ``1 + 2 sum_k (-1)^k cos(2 pi k m /
    point) exp(-2 pi^2 k^2 r)``, ``r = S^2 / point^2``: views whose mean falls on a
    threshold between two points read steeper, on a point flatter, by a factor all of
    the interviewer's ratings share and no count of them shrinks. Where the mean
    falls is not corrected but averaged over: the mean square of that relative bias
    is ``2 sum_k exp(-4 pi^2 k^2 r)``, nil from half a point of spread on.
    """
    k2 = np.arange(1, SLOPE_HARMONICS + 1) ** 2
    return 2.0 * np.exp(-4.0 * np.pi**2 * np.outer(r, k2)).sum(axis=1)


def scale_use_rounding_variance(
    spread: np.ndarray, var_a: np.ndarray, s2_a: float, a: np.ndarray, w_conn: np.ndarray
) -> np.ndarray:
    """The mean square of the bias rounding leaves in each reported scale use (I,).

    The relative bias of :func:`scale_use_rounding_bias` (views' spread ``spread``)
    reaches the scale use at the share its ratings have in it against the prior
    (``1 - var_a / s2_a``, the face-value posterior variance against the prior's), at
    the reported scale use ``a``, and is taken relative to the geometric mean (weights
    ``w_conn``) the scale uses are reported against: in log scale use, as
    :func:`centred_variances` takes the severities relative to their reference.
    """
    data_share = np.clip(1.0 - var_a / s2_a, 0.0, 1.0)
    relative = scale_use_rounding_bias(spread) * data_share**2
    return centred_variances(relative, w_conn, np.zeros(len(a), np.int64)) * a * a
