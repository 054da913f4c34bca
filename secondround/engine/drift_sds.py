"""The drift estimate's errors in the candidates' sds (not in their scores).

Each interview is read with its interviewer's estimated drift ``d_g`` taken out
(``drift.py``), and the drift is known only up to its posterior: an error that the
candidates an interviewer met around the same time share, as they share a severity's
error. The drift's fit also takes up part of the interview noise it is read against
(its leverage), so the noise the candidates' variances read is smaller than it is.
:func:`drift_uncertainty` gives both back to the candidates' variances; P(best) draws
the shared part (``api.compute``). Where no drift is modelled both are exactly 0 and
every output is what it was without them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .design import Design
from .em_state import EStep, Params
from .shared_errors import shared_variance


@dataclass
class DriftUncertainty:
    """The drift estimate's errors as the candidates carry them."""

    load: np.ndarray  # (G,) load of each interview on its shared drift error
    pair: np.ndarray  # (G,) which shared error: the interview's (interviewer, job)
    var_own: np.ndarray  # (C,) the candidates' own part (independent between them)
    var: np.ndarray  # (C,) all of it in the standing's variance (shared and own)


def drift_uncertainty(
    d: Design,
    x: Params,
    e_var: EStep,
    d_b: np.ndarray,
    drift_var: np.ndarray | None,
    leverage: np.ndarray | None,
) -> DriftUncertainty:
    """The drift's errors in the candidates' variances.

    Parameters
    ----------
    d : Design
    x : Params
        The converged parameters.
    e_var : EStep
        The E-step whose noise sets the reported variances.
    d_b : (G,) float array
        ``d theta_c / d b_i`` of each interview: a drift error moves its candidate
        as a severity error does.
    drift_var, leverage : (G,) float arrays or None
        The drift's posterior variance (``drift.drift_variance``) and the share of
        each interview's noise the drift took up (``drift.drift_leverage``).

    Returns
    -------
    DriftUncertainty
    """
    C, G = len(d.n_c), len(d_b)
    if not any(a is not None and a.any() for a in (drift_var, leverage)):
        # No drift modelled (most files, every large one measured): nothing to add,
        # and nothing spent.
        return DriftUncertainty(np.zeros(G), np.zeros(G, np.int64), np.zeros(C), np.zeros(C))
    pair, n_pairs = drift_errors(d.job_c, d.cand_g, d.rater_g)
    load = drift_loads(d_b, drift_var)
    var = shared_variance(d.cand_g, pair, load, np.ones(n_pairs), C)
    own = np.zeros(C)
    if leverage is not None and leverage.any():
        own = noise_drift_took(d, x, e_var, d_b, leverage)
    return DriftUncertainty(load, pair, own, var + own)


def drift_errors(
    job_c: np.ndarray, cand_g: np.ndarray, rater_g: np.ndarray
) -> tuple[np.ndarray, int]:
    """Each interview's shared drift error: its (interviewer, job) pair, and their number.

    An interviewer's estimated drift is off by an error that moves slowly, as the drift
    does: the smoother's error at two interviews days apart is nearly the same. A job's
    candidates are met within days or a few weeks, shorter than the drift's time
    scales, so one interviewer's drift error is taken as one error shared by the
    candidates of a job they met (cancelling in part against the job's average, as a
    severity error does); interviews of different jobs, weeks to months apart, as
    independent errors.
    """
    n_i = int(rater_g.max()) + 1 if len(rater_g) else 0
    key = job_c[cand_g].astype(np.int64) * n_i + rater_g
    pairs, pair_g = np.unique(key, return_inverse=True)
    return pair_g, len(pairs)


def drift_loads(d_b: np.ndarray, drift_var: np.ndarray | None) -> np.ndarray:
    """Each interview's load on its shared drift error (G,).

    An interview is read with its interviewer's estimated drift taken out, as their
    severity is: the drift's error ``e_g`` moves the candidate by ``d_b e_g``
    (``d_b = d theta / d b``). Its variance is the drift's posterior variance
    (``drift.drift_variance``), and it is shared by the candidates of a job the
    interviewer met (:func:`drift_errors`): the load is ``d_b sqrt(var)`` on a
    unit error per (interviewer, job).

    The drift estimate is partly built from the candidate's own residual (by its
    leverage ``L_g``), which correlates its error with the interview's own noise. But
    that residual is the interview read against the candidate's *other* interviews:
    the part of the drift's error it brings is ``-L_g`` times this interview's noise
    less the mean of the others' (the leave-one-out mean ``m_g``). Summed over the
    candidate's interviews with their Bayes weights (inverse noise, without the prior's
    pull), these cross terms cancel exactly (``w_g s_g = sum_h w_h mu_gh s_h = 1 / W``
    with ``mu_gh`` the leave-one-out weights), so only the posterior variance is
    added; the prior's pull leaves a small remainder, not counted.
    Zero loads where no drift is modelled; the scores never read them.
    """
    if drift_var is None:
        return np.zeros(len(d_b))
    return d_b * np.sqrt(np.maximum(drift_var, 0.0))


def noise_drift_took(
    d: Design, x: Params, e_var: EStep, d_b: np.ndarray, leverage: np.ndarray
) -> np.ndarray:
    """(C,) the candidates' variance from the interview noise the drift's fit took up.

    The interviews' noise (the halo's variance) was read from the residuals after the
    drift was taken out, and a smoother's fit follows its own observation by its
    leverage, so the noise read is ``1 - leverage`` of what it is (as for the
    severities, ``propagation.reported_severity``). Each interview's noise
    ``s_g + a^2 q`` is given back ``leverage / (1 - leverage)`` of itself, entering the
    candidate by the interview's weight (``d_b^2``, in the mean rating's units). It is
    each candidate's own noise, independent of other candidates'.
    """
    noise = e_var.s_g + x.a[d.rater_g] ** 2 * e_var.q
    return np.bincount(d.cand_g, d_b**2 * noise * leverage / (1.0 - leverage), len(d.n_c))
