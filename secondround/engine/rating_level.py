"""Rating-level passes of the fit: competency profiles, interviewer noise, competency offsets.

Between two interview-level EM runs (em.py) the fit reads the ratings themselves:
how each candidate's ratings spread over the competencies (their profile, from the
deviations within an interview, where the interview's mean and with it the halo
cancel out), how noisy each interviewer's ratings are around that profile, and how
each competency is rated overall (its offset ``kappa_k``). See
:func:`secondround.engine.model.fit_model` for the order of the passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .design import Design
from .em import ig_update
from .em_state import EStep, Params

PRIOR_DELTA = (1.0, 0.05)
PRIOR_NOISE_COUNT = 10.0  # an interviewer's noise variance is shrunk to the pool
NOISE_FLOOR = 1e-4


def competencies_per_candidate(d: Design) -> np.ndarray:
    """How many competencies each candidate's job is rated on (C,), as floats."""
    n_comp = int(d.comp.max()) + 1
    n_jobs = int(d.job_c.max()) + 1
    key = d.job_c[d.cand_g[d.g]] * n_comp + d.comp
    if n_jobs * n_comp <= 4 * len(key):
        # A table of the (job, competency) pairs seen: one pass, where np.unique
        # sorted a million ratings (50 ms).
        seen = np.zeros(n_jobs * n_comp, dtype=bool)
        seen[key] = True
        per_job = seen.reshape(n_jobs, n_comp).sum(axis=1)
    else:
        per_job = np.bincount(np.unique(key) // n_comp, minlength=n_jobs)
    return per_job[d.job_c].astype(np.float64)


@dataclass
class Profiles:
    """The candidates' competency profiles (``delta_ck`` in model.py) after one pass."""

    delta: np.ndarray  # (cells,) candidate x competency profile
    var_delta: np.ndarray  # (cells,) its posterior variance
    s2_delta: float  # the profiles' variance component, updated by this pass
    delta_r: np.ndarray  # (n,) the profile of each rating's cell
    dbar: np.ndarray  # (G,) its mean over an interview's ratings
    delta_c: np.ndarray  # (C,) its mean over the job's competencies


def competency_profiles(
    d: Design,
    dev: np.ndarray,
    a_g: np.ndarray,
    s2_i: np.ndarray,
    s2_delta: float,
    n_comp_c: np.ndarray,
) -> Profiles:
    """Each candidate's profile over the competencies, from within-interview deviations.

    Parameters
    ----------
    d : Design
    dev : (n,) float array
        Each rating minus its interview's mean (competency offsets and group levels
        already taken out). The interview mean, and with it the halo, cancels out.
    a_g : (G,) float array
        Scale use of each interview's interviewer: a profile is stretched by it.
    s2_i : (I,) float array
        Per-rating noise variance of each interviewer.
    s2_delta : float
        The profiles' variance component (their prior) before this pass.
    n_comp_c : (C,) float array
        From :func:`competencies_per_candidate`.

    Returns
    -------
    Profiles
    """
    g, rater_g = d.g, d.rater_g
    G, C = d.n_interviews, len(d.n_c)
    n_cells = len(d.cell_cand)
    nG = d.n_g.astype(np.float64)
    omega_g = np.where(nG > 1, a_g / s2_i[rater_g], 0.0)
    omega_dev = omega_g[g] * dev  # omega * dev / a with omega = a^2 / s2
    info = np.bincount(d.cell, (omega_g * a_g)[g], n_cells)
    prec_d = 1.0 / s2_delta + info
    delta = np.bincount(d.cell, omega_dev, n_cells) / prec_d
    var_delta = 1.0 / prec_d
    has = info > 0
    if has.any():
        s2_delta = ig_update(
            float(np.sum(delta[has] ** 2 + var_delta[has])), has.sum(), PRIOR_DELTA
        )
    delta_r = delta[d.cell]
    dbar = np.bincount(g, delta_r, G) / nG
    # The mean over all the job's competencies, against which model.py reads every
    # interview (whichever competencies it covered).
    delta_c = np.bincount(d.cell_cand, delta, C) / n_comp_c
    return Profiles(delta, var_delta, s2_delta, delta_r, dbar, delta_c)


def profile_residual_variance(d: Design, prof: Profiles, a_g: np.ndarray) -> np.ndarray:
    """(n,) posterior variance of each rating's fitted profile term ``a (delta_r - dbar)``.

    The profiles are fitted from the same within-interview deviations the noise is read
    from, so the residuals around them are narrower than the noise by this much (the
    noise's M-step takes the expected squared residual, not the squared fitted one).
    The cells of one interview are different competencies of one candidate, whose
    posteriors are independent: ``v_r (1 - 2/n) + sum(v) / n^2``, as for any centred
    mean. An interview with one rating has no deviation and gets 0.
    """
    g = d.g
    n = d.n_g.astype(np.float64)[g]
    v = prof.var_delta[d.cell]
    v_sum = np.bincount(g, v, d.n_interviews)[g]
    return a_g[g] ** 2 * (v * (1.0 - 2.0 / n) + v_sum / n**2)


def interviewer_noise(
    d: Design,
    res: np.ndarray,
    u_var: np.ndarray | None,
    pooled: float,
    res_var: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Each interviewer's per-rating noise variance, shrunk to the pool.

    Parameters
    ----------
    d : Design
    res : (n,) float array
        Each rating's deviation from its interview's mean, less the profile's.
    u_var : (n,) float array or None
        With the ordinal likelihood, the variance of each latent rating given its
        interval: the latent values' expected spread within an interview adds to
        the noise. None at face value.
    pooled : float
        The pooled noise variance of the previous pass (kept where no interview has
        two ratings).
    res_var : (n,) float array or None
        The posterior variance of what ``res`` took out
        (:func:`profile_residual_variance`); None: none.

    Returns
    -------
    s2_i : (I,) float array
    pooled : float
    """
    g, rater_g = d.g, d.rater_g
    I_ = len(d.n_i)
    nG = d.n_g.astype(np.float64)
    rater_r = d.rater_r
    dof_total = float(np.sum(nG - 1))
    dof_i = np.bincount(rater_g, nG - 1, I_)
    ss_i = np.bincount(rater_r, res * res, I_)
    if res_var is not None:
        ss_i = ss_i + np.bincount(rater_r, res_var, I_)
    if u_var is not None:  # expected within-interview spread of the latent values
        ss_i = ss_i + np.bincount(rater_r, u_var * (1.0 - 1.0 / nG[g]), I_)
    if dof_total > 0:
        pooled = max(float(ss_i.sum() / dof_total), NOISE_FLOOR)
    s2_i = (ss_i + PRIOR_NOISE_COUNT * pooled) / (dof_i + PRIOR_NOISE_COUNT)
    s2_i = np.maximum(s2_i, NOISE_FLOOR)
    return s2_i, pooled


def predicted_ratings(
    d: Design,
    x: Params,
    e: EStep,
    prof: Profiles,
    p: np.ndarray,
    drift_g: np.ndarray,
) -> np.ndarray:
    """Each rating as the fit so far predicts it, before competency offset and group level.

    The interviewer's severity, the job's mean, the stretched impression (read
    against the candidate's standing over all competencies) and the cell's
    profile, the contrast and the interview's drift: ``y*_r - kappa_k`` in model.py
    without the noise, the group's level left out.
    """
    g, rater_g = d.g, d.rater_g
    a_g = x.a[rater_g]
    a_r = a_g[g]
    job_g = e.job_mean[d.job_c][d.cand_g]
    pred_g = x.b[rater_g] + job_g + a_g * (e.ex - prof.delta_c[d.cand_g]) + x.gamma * p + drift_g
    return pred_g[g] + a_r * prof.delta_r


def competency_offsets(d: Design, kappa: np.ndarray, resid_r: np.ndarray) -> np.ndarray:
    """The competency offsets moved by their ratings' mean residual.

    Each step divides by one more than the competency's number of ratings (a
    slightly damped mean, and never a division by zero).
    """
    K = len(kappa)
    n_k = np.bincount(d.comp, minlength=K) + 1.0
    return kappa + np.bincount(d.comp, resid_r, K) / n_k
