"""Residuals of interviewers whose leniency follows a sine, for the drift step's tests
(``secondround.engine.drift.drift_offsets``)."""

from __future__ import annotations

import numpy as np

from secondround.engine.drift import DAY


def sine_drift_residuals(sizes, amplitude, seed, days_apart=7):
    """Residuals of ``len(sizes)`` interviewers, ``sizes[i]`` consecutive interviews each
    ``days_apart`` days apart, a sine of amplitude ``amplitude`` (random phase) plus noise
    of sd 0.3.

    Returns
    -------
    resid, rater, prev, when : (N,) arrays
        ``prev`` the index of the interviewer's previous interview (-1 for their first),
        ``when`` each interview's time in seconds, as ``drift_offsets`` takes them.
    """
    rng = np.random.default_rng(seed)
    n_i = len(sizes)
    rater = np.repeat(np.arange(n_i), sizes)
    pos = np.concatenate([np.arange(k) for k in sizes])
    prev = np.where(pos > 0, np.arange(rater.size) - 1, -1)
    resid = amplitude * np.sin(pos / 5.0 + rng.uniform(0, 6, n_i)[rater])
    resid = resid + rng.normal(0, 0.3, rater.size)
    return resid, rater, prev, pos * days_apart * DAY
