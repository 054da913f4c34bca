"""The contrast regressor and its instrument (see docs/engine.md, "The model").

The regressor ``p_g`` is the interviewer's previous interview's mean rating minus
their average over their other interviews. The instrument that estimates the
contrast coefficient must not share anything with the current interview's
residual. Two things would make it do so:

- a shared interview order that follows quality (the panel meets the strongest
  first): removed by keeping only the instrument's within-candidate part
  (``em_state.within_candidate``);
- an interviewer whose leniency drifts over months: the previous interview
  carries the interviewer's current leniency, as the current one does, and an
  average over the whole year does not take it out. The instrument therefore
  subtracts the interviewer's *local* average, over their neighbouring interviews
  in time, instead of the whole year's.
"""

from __future__ import annotations

import numpy as np

from .drift import local_mean

# Neighbours on each side of an interview in its interviewer's time order that
# make up the local average (the current and the next one left out: 3 interviews).
# A wider window averages over a curved stretch of the drift and leaves part of it
# in the instrument (bench.stress "drift", 12 orgs, truth -0.1, with drift.py's
# model: half-window 4 gave -0.078, 2 gave -0.089); a narrower one is mostly noise.
LOCAL_HALF_WINDOW = 2


def contrast_regressor(
    ubar: np.ndarray, rater_g: np.ndarray, prev_g: np.ndarray, time_order: np.ndarray, n_i: int
) -> tuple[np.ndarray, np.ndarray]:
    """The contrast regressor and the instrument it is estimated with.

    Parameters
    ----------
    ubar : ndarray (G,)
        Each interview's raw mean (competency offsets removed).
    rater_g, prev_g : ndarray (G,)
        Each interview's interviewer and previous interview (-1 if unknown).
    time_order : ndarray (G,)
        Interviews sorted by interviewer, then time.
    n_i : int
        Number of interviewers.

    Returns
    -------
    p : ndarray (G,)
        Previous interview's mean minus the interviewer's mean over their other
        interviews (leave-one-out: with the current interview in, its own noise
        enters its regressor with weight -1/n and biases the coefficient down).
    p_iv : ndarray (G,)
        The instrument: the previous interview's mean minus the interviewer's
        local mean over up to ``LOCAL_HALF_WINDOW`` interviews on each side of the
        current one, the current one and the next left out (the next carries the
        current interview's noise through its own contrast term). 0 without a
        previous interview.
    """
    n_int = np.bincount(rater_g, minlength=n_i).astype(np.float64)
    loo_n = np.maximum(n_int[rater_g] - 1, 1)
    loo_mean = (np.bincount(rater_g, ubar, n_i)[rater_g] - ubar) / loo_n
    has_prev = prev_g >= 0
    prev_mean = ubar[np.maximum(prev_g, 0)]
    p = np.where(has_prev, prev_mean - loo_mean, 0.0)

    local, _ = local_mean(ubar, rater_g, time_order, LOCAL_HALF_WINDOW, skip=(0, 1))
    local = np.where(np.isnan(local), loo_mean, local)
    p_iv = np.where(has_prev, prev_mean - local, 0.0)
    return p, p_iv
