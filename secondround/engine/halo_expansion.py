"""A Newton step on the halo variances of the interview-level EM (em.py).

Where the data say the halo variance is 0 (the ordinal likelihood's latent ratings on a
large file), plain EM approaches that boundary ever more slowly. Its update of an
interview effect's second moment, ``E[eta_g^2] = eta (1 - k) + k^2 R`` (``k = eta /
(eta + s)`` the effect's share of the interview's reading, ``s`` the reading's noise,
``R`` its squared residual from the candidate's standing), changes ``eta`` by a fraction
``k (R / (eta + s) - 1)``: a step that vanishes with ``eta`` itself, so the map's
derivative tends to 1 at the boundary. Parameter expansion (PX-EM; Liu, Rubin & Wu 1998)
turns such a crawl into a linear rate; here, where em_map also rescales every variance
with the scale uses' reference, the same is done by the Newton step for the map's fixed
point along each variance: the plain EM's step on the log scale is stretched by
``1 / (1 - f')``, ``f'`` the map's derivative (its elasticity), taken from the E-step.
A fixed point of the plain EM is a fixed point of the stretched map (a zero step stays
zero), so only the path changes.
"""

from __future__ import annotations

import math

import numpy as np

from .em_state import FLOOR, Ctx, EStep, Params

# Largest stretch of the plain step, and largest change of a variance by the stretched
# step (unless the plain step was larger) in one iteration; SQUAREM extrapolates on top.
MAX_STRETCH = 30.0
MAX_LOG_STEP = math.log(10.0)
# Variances at the floor are left to the plain EM: they no longer answer to their data.
AT_FLOOR = 1.0001 * FLOOR


def stretched(old: np.ndarray, new: np.ndarray, elasticity: np.ndarray) -> np.ndarray:
    """The plain EM's step from ``old`` to ``new`` on the log scale, times ``1 / (1 - f')``.

    The stretch is at most ``MAX_STRETCH`` (also where ``f' >= 1``: the variance is
    growing, far from its fixed point), and 1 where ``old`` is at the floor.
    """
    step = np.log(new) - np.log(old)
    with np.errstate(divide="ignore"):
        stretch = np.where(elasticity < 1.0, 1.0 / (1.0 - elasticity), MAX_STRETCH)
    stretch = np.where(old > AT_FLOOR, np.clip(stretch, 1.0, MAX_STRETCH), 1.0)
    bound = np.maximum(np.abs(step), MAX_LOG_STEP)
    return old * np.exp(np.clip(stretch * step, -bound, bound))


def halo_newton(
    x: Params,
    e: EStep,
    c: Ctx,
    new: Params,
    prior_count: float,
    pool_prior: tuple[float, float],
) -> np.ndarray:
    """The interviewers' halo variances of the iteration after the Newton step.

    Parameters
    ----------
    x : Params
        The parameters the E-step ``e`` was taken at.
    e : EStep
        Its posterior moments.
    c : Ctx
        The fit's data.
    new : Params
        The plain EM's update (its ``eta_i`` is stretched).
    prior_count : float
        The interviews' worth of the shrinkage of each ``eta_i`` to the pool.
    pool_prior : (float, float)
        The pool's prior (pseudo-count, sd), as em.ig_update takes it.

    Returns
    -------
    numpy.ndarray
        ``eta_i``.
    """
    eta = x.eta_i[c.rater_g]
    kk = eta * e.it
    resid = e.z - e.own[c.cand_g]
    resid *= resid
    resid += e.var_dev[c.cand_g]
    # E[eta_g^2] and its derivative in log eta (R held: the standing's own answer to the
    # halo is second order).
    second = eta * (1.0 - kk) + kk * kk * resid
    slope = eta * (1.0 - kk) ** 2 + 2.0 * kk * kk * (1.0 - kk) * resid
    second_i = np.bincount(c.rater_g, second, c.n_i)
    slope_i = np.bincount(c.rater_g, slope, c.n_i)
    # Each interviewer's update also leans on the pool, held here (so the stretch is
    # smaller where the shrinkage dominates: such an interviewer follows the pool). The
    # pool itself is not stretched: the E-step does not read it, and given the
    # interviewers' variances it is where the plain update puts it.
    nu, s0 = pool_prior
    pool_raw = (float(np.sum(second_i)) + nu * s0 * s0) / (len(eta) + nu)
    elasticity = slope_i / (second_i + prior_count * pool_raw)
    return stretched(x.eta_i, new.eta_i, elasticity)
