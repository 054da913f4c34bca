"""A Newton step on the interviewers' halo variances in the interview-level EM (em.py).

Where the data say the halo variance is 0 (the ordinal likelihood's latent ratings on a
large file), plain EM approaches that boundary ever more slowly. Its update of an
interview effect's second moment, ``E[eta_g^2] = eta (1 - k) + k^2 R`` (``k = eta /
(eta + s)`` the effect's share of the interview's reading, ``s`` the reading's noise,
``R`` its squared residual from the candidate's standing), changes ``eta`` by a fraction
``k (R / (eta + s) - 1)``: a step that vanishes with ``eta`` itself, so the map's
derivative tends to 1 at the boundary. Parameter expansion (PX-EM; Liu, Rubin & Wu 1998)
turns such a crawl into a linear rate, but its working scale moves the fixed point here
(em_map rescales every variance with the scale uses' reference, so the plain EM's
fixed point is not where the halo's own score is 0; see docs/engine.md, "Ordinal
likelihood"). The Newton step for the map's fixed point does the same job and keeps it:
each interviewer's plain EM step on the log scale is stretched by ``1 / (1 - f')``,
``f'`` the map's derivative (its elasticity), taken from the E-step. A zero step stays
zero, so a fixed point of the plain EM is one of the stretched map: only the path changes.
"""

from __future__ import annotations

import math

import numpy as np

from .em_state import FLOOR, Ctx, Params

# Largest stretch of the plain step, and largest change of a variance by the stretched
# step (unless the plain step was larger) in one iteration; SQUAREM extrapolates on top.
MAX_STRETCH = 100.0
MAX_LOG_STEP = math.log(10.0)
# Variances at the floor are left to the plain EM: they no longer answer to their data.
AT_FLOOR = 1.0001 * FLOOR


def stretched(old: np.ndarray, new: np.ndarray, elasticity: np.ndarray) -> np.ndarray:
    """The plain EM's step from ``old`` to ``new`` on the log scale, times ``1 / (1 - f')``.

    The stretch is at most ``MAX_STRETCH`` (also where ``f' >= 1``: the variance is
    growing, far from its fixed point), and 1 where ``old`` is at the floor. The result
    is not below ``FLOOR``, as the plain update's is not: a stretched step that lands
    under it would otherwise reach SQUAREM's extrapolation before the parameters'
    unpacking clips it.
    """
    step = np.log(new) - np.log(old)
    with np.errstate(divide="ignore"):
        stretch = np.where(elasticity < 1.0, 1.0 / (1.0 - elasticity), MAX_STRETCH)
    stretch = np.where(old > AT_FLOOR, np.clip(stretch, 1.0, MAX_STRETCH), 1.0)
    bound = np.maximum(np.abs(step), MAX_LOG_STEP)
    return np.maximum(old * np.exp(np.clip(stretch * step, -bound, bound)), FLOOR)


def second_moment_slope(eta: np.ndarray, it: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The derivative of ``E[eta_g^2] = eta (1 - k) + k^2 R`` in ``log eta``, ``R`` held.

    ``eta (1 - k)^2 + 2 k^2 (1 - k) R = (1 - k) (2 E[eta_g^2] - eta (1 - k))``, with
    ``k = eta it`` (``it = 1 / (eta + s)``) and ``second`` the moment itself (the
    standing's own answer to the halo, in ``R``, is second order). ``eta`` is overwritten.
    """
    kk = eta * it
    np.subtract(1.0, kk, out=kk)
    eta *= kk
    np.subtract(2.0 * second, eta, out=eta)
    eta *= kk
    return eta


def stretched_halo(
    x: Params,
    c: Ctx,
    it: np.ndarray,
    second: np.ndarray,
    second_i: np.ndarray,
    new: Params,
    prior_count: float,
    pool_prior: tuple[float, float],
) -> np.ndarray:
    """The interviewers' halo variances of the iteration after the Newton step.

    Parameters
    ----------
    x : Params
        The parameters the E-step was taken at.
    c : Ctx
        The fit's data.
    it : numpy.ndarray
        (G,) the E-step's ``1 / (eta + s)`` of each interview's reading.
    second, second_i : numpy.ndarray
        (G,) each interview effect's posterior second moment ``E[eta_g^2]``, and (I,)
        their sums per interviewer (what em_map's update reads).
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
    slope_i = np.bincount(c.rater_g, second_moment_slope(x.eta_i[c.rater_g], it, second), c.n_i)
    # Each interviewer's update also leans on the pool, held here (so the stretch is
    # smaller where the shrinkage dominates: such an interviewer follows the pool). The
    # pool itself is not stretched: the E-step does not read it, and the next update sets
    # it from the stretched variances. (Taking the elasticity along the variances' common
    # scale, the pool's answer included, made the 1M-rating file's fit unstable.)
    nu, s0 = pool_prior
    pool_raw = (float(np.sum(second_i)) + nu * s0 * s0) / (len(second) + nu)
    elasticity = slope_i / (second_i + prior_count * pool_raw)
    return stretched(x.eta_i, new.eta_i, elasticity)
