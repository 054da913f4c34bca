"""The same scores with every interview of a candidate counted equally.

A candidate's standing is the job's level plus a weighted sum of their interviews'
calibrated impressions, ``theta_c = m_c + sum_g w_g (z_g - m_c)`` (engine/propagation.py:
the weights are the Bayes weights, smaller for an interview whose interviewer's ratings
track the panel less consistently or who rated fewer competencies). Giving each of a candidate's
interviews the same weight, with the same total (so the pull toward the job's average is
unchanged), shows what the weighting itself does to a score: a hiring team can then check
whether it changes who comes out on top.
"""

from __future__ import annotations

import numpy as np

from .api import Computed, job_centred


def equal_weight_scores(k: Computed) -> np.ndarray:
    """(C,) scores as ``Computed.score``, with each candidate's interviews weighted alike."""
    d, f = k.design, k.fit
    C = len(k.score)
    n_g = np.bincount(d.cand_g, minlength=C).astype(np.float64)
    total = np.bincount(d.cand_g, f.w_g, C)
    equal_w = (total / np.maximum(n_g, 1.0))[d.cand_g]
    # The sum of (equal - actual) weights is 0 per candidate, so the job's level cancels.
    theta = f.theta + np.bincount(d.cand_g, (equal_w - f.w_g) * f.z_g, C)
    rel, _ = job_centred(d.job_c, theta, f.var_dev, f.job_mean_c)
    return rel * d.width * f.unit  # in the units of Computed.score (Fit.unit)
