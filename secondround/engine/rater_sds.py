"""Corrections that make the interviewers' sds honest (see docs/engine.md).

:func:`secondround.engine.em.rater_variances` gives each interviewer's information
on severity and scale use from their interviews. Two things it leaves out are
added here: severities are reported relative to an estimated reference (the
rating-weighted average interviewer), and ratings on a scale's end point are taken
at face value although they only bound what the interviewer meant (the share of
information they keep comes from :mod:`secondround.engine.interval_refit`, and
:func:`scale_information` applies it).
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
