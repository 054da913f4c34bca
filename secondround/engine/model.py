"""The calibration model and its fit (empirical-Bayes EM on a linear Gaussian model).

Model, in [0, 1] scale units (see ``docs/engine.md`` for the full story)::

    y*_r   = kappa_k + b_i + d_g + mu_j + a_i * (x_g + delta_ck - delta_c) + gamma * p_g + e_r
    x_g    = theta'_c + eta_g                    (interview-level impression, halo)
    theta_c = mu_j + theta'_c                    (job mean + candidate's own standing)
    rating = y*_r; rounding (and clipping at the ends) is absorbed in e_r and eta_g

    theta'_c ~ N(0, s2_theta)  mu_j ~ N(0, s2_job)
    eta_g ~ N(0, s2_eta_i)     delta_ck ~ N(0, s2_delta)
    b_i ~ N(0, s2_b)           a_i ~ N(1, s2_a)       e_r ~ N(0, s2_i)

``delta_c`` is the mean of the candidate's profile over all the job's competencies,
so an interview that covered only some of them is read against the candidate's
standing over all of them. ``mu_j`` is a job's offset: it shifts every rating of the
job alike, unstretched by scale use. Each interviewer has their own interview-level
error variance ``s2_eta_i`` (shrunk to the pool) and per-rating noise ``s2_i``,
which is also read as evidence of their scale use (:func:`noise_scale_use`).
``b_i`` is severity (offset), ``a_i`` scale use (stretch), ``p_g`` the interviewer's
previous interview's mean rating minus their mean over their other interviews
(contrast regressor, leave-one-out), and
``gamma`` the contrast coefficient (estimated with a drift-free instrument, see
``contrast.py``), ``d_g`` the interviewer's drift around interview ``g`` (``drift.py``).
Variance components are estimated by EM
(with weak inverse-gamma-like pseudo-counts, so that tiny data sets stay sane),
and every connected group of interviewers is calibrated (one offset per group,
which the data cannot see, is carried in the candidates' uncertainty).

:func:`fit_model` runs the passes; the rating-level steps are in ``rating_level.py``,
the interview-level EM in ``em.py``, the last stage (the interviewers' uncertainty
carried into the scores) in ``propagation.py``, with their sds from ``reported_sds.py``
and the ends read as bounds by ``ends_as_bounds.py``, and the result is a
:class:`~secondround.engine.fit.Fit` (``fit.py``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .contrast import contrast_regressor
from .design import Design
from .drift import drift_offsets
from .em import PRIOR_A, PRIOR_B, TOL, em_map, estep, norm_weights
from .em_state import A_FLOOR, A_FLOOR_ONE_VALUE, Ctx, Params
from .end_reading import latent_noise
from .fit import Fit
from .ordinal import Intervals, interview_information, latent_moments
from .propagation import propagated_fit
from .rating_level import (
    NOISE_FLOOR,
    PRIOR_NOISE_COUNT,
    competencies_per_candidate,
    competency_offsets,
    competency_profiles,
    interviewer_noise,
    predicted_ratings,
    profile_residual_variance,
)
from .squarem import squarem

SMALL_G = 20_000  # interviews; below this the EM converges tightly
TOL_SMALL = 1e-8
EARLY_TOL_FACTOR = 4.0
# Passes of the ordinal likelihood's EM (each re-reads the ratings as the means
# of their latent values); the first is a face-value pass.
ORDINAL_OUTER = 10


NOISE_SCALE_USE = True
# The noise's M-step adds back the variance of the fitted profiles the residuals are
# taken around (rating_level.profile_residual_variance). Off: measured on the stress
# suite it reads the per-rating noise at its size, but the interview-level variance
# then falls below its own and the interviewers' sds become too narrow
# (docs/benchmarks.md, section 6, branch `candwidth`).
PROFILE_NOISE_MSTEP = False
NOISE_USE_MISFIT_MIN = 0.01  # least misfit variance of a log scale use read from the noise


def noise_scale_use(
    d: Design, s2_i: np.ndarray, pooled: float, w_conn: np.ndarray, s2_a: float
) -> tuple[np.ndarray, np.ndarray]:
    """What each interviewer's rating noise says of their scale use: a Gaussian
    observation of ``a_i``, its value and precision (0 where it says nothing).

    A rating's own error is part of the interviewer's view, so it is stretched by their
    scale use like the rest of it: the latent noise (the within-interview spread less
    the rounding's ``1 / (12 width^2)``) is ``a_i^2 sigma^2``. Half its log, centred over
    the interviewers who set the scale-use reference, reads ``log a_i`` with sampling
    variance ``1 / (2 dof)`` (each interviewer's own spread: ``s2_i`` without its
    shrinkage to the pool ``pooled``). How far the reading misses beyond sampling
    (profiles, clipping at the ends) is its spread over interviewers beyond the scale
    uses' own ``s2_a`` and the sampling variance, at least ``NOISE_USE_MISFIT_MIN``.
    Interviewers with fewer than 2 degrees of freedom, or who give one value, get 0.
    """
    I_ = len(d.n_i)
    dof = np.bincount(d.rater_g, d.n_g - 1.0, I_).astype(np.float64)
    has = (dof >= 2) & ~d.one_value & (w_conn > 0)
    zero = np.zeros(I_)
    if has.sum() < 3:
        return np.ones(I_), zero
    dof = np.maximum(dof, 1.0)
    raw = np.maximum(
        (s2_i * (dof + PRIOR_NOISE_COUNT) - PRIOR_NOISE_COUNT * pooled) / dof, NOISE_FLOOR
    )
    latent = latent_noise(raw, 0.5 / d.width)
    obs = 0.5 * np.log(latent)
    sampling = 0.5 / dof * (raw / latent) ** 2
    w = np.where(has, w_conn, 0.0) / np.sum(w_conn[has])
    obs = obs - float(np.sum(w * obs))
    spread = float(np.sum(w * obs**2))
    misfit = max(spread - s2_a - float(np.sum(w * sampling)), NOISE_USE_MISFIT_MIN)
    value = np.exp(obs)
    return value, np.where(has, 1.0 / ((sampling + misfit) * value**2), 0.0)


def fit_model(
    d: Design,
    progress: Callable[[float, str], None] | None = None,
    n_outer: int = 3,
    n_inner: int = 60,
    scale_use: bool = True,
    intervals: Intervals | None = None,
) -> Fit:
    """Fit the model to an indexed design.

    Parameters
    ----------
    d : Design
        From :func:`secondround.engine.design.build_design`.
    progress : callable, optional
        Called with (fraction done, stage message).
    n_outer, n_inner : int
        Rating-level passes (competency profiles, noise, competency
        offsets) and the most interview-level EM map evaluations per
        pass.
    scale_use : bool
        Estimate the interviewers' scale uses; if False they are all held
        at 1 (see :func:`~secondround.engine.fit.fit_is_sane`).
    intervals : Intervals, optional
        Fit the ordinal (interval) likelihood on these intervals (see
        :mod:`secondround.engine.ordinal`) instead of taking ratings at face
        value; ``n_outer`` is then at least ``ORDINAL_OUTER``.

    Returns
    -------
    Fit
    """
    G, C, I_ = d.n_interviews, len(d.n_c), len(d.n_i)
    # The ratings the Gaussian passes read: face values, or with the ordinal
    # likelihood the posterior means of the latent ratings (updated every pass)
    # and their variances (which enter the noise).
    u, u_var = d.u, np.zeros(0)  # u_var is only read with intervals
    if intervals is not None:
        n_outer = max(n_outer, ORDINAL_OUTER)
        u_var = np.zeros(d.n)  # the first pass reads the face values
    K = int(d.comp.max()) + 1
    nG = d.n_g.astype(np.float64)
    g, rater_g = d.g, d.rater_g
    rater_r = d.rater_r
    # Every connected group is calibrated: within a group severities are
    # relative, and the one offset per group that the data cannot see is pinned
    # by the severities' prior (its uncertainty is added to the scores' sds).
    # The scale-use reference weighs every interviewer by ratings (log scale uses
    # clipped inside it, see em_map); severities are centred without the
    # one-value interviewers, unless a group has no one else.
    w_conn = norm_weights(d.n_i, d.one_value)
    has_w = np.bincount(d.group, w_conn)[d.group] > 0
    w_shift = np.where(has_w, w_conn, d.n_i.astype(np.float64))

    kappa = np.bincount(d.comp, d.u, K) / np.maximum(np.bincount(d.comp, minlength=K), 1)
    # Each group's level (one offset per group of interviewers, which the data
    # cannot compare across groups), set so that severities average 0 within
    # every group; for the largest group it is the usual severity centring.
    n_groups = int(d.group.max()) + 1
    group_r = d.group[rater_r]
    level = np.zeros(n_groups)
    v = d.u - kappa[d.comp]
    ubar0 = np.bincount(g, v, G) / nG
    # Contrast regressor: the previous interview's raw impression, relative to
    # the interviewer's average over their *other* interviews (so that it does
    # not compete with severity), and the instrument that estimates its
    # coefficient, relative to the interviewer's *local* average (so that a
    # leniency drifting over months is not read as contrast; see contrast.py).
    p, p_iv = contrast_regressor(ubar0, rater_g, d.prev_g, d.time_order, I_)

    within = v - ubar0[g]
    dof_total = float(np.sum(nG - 1))
    pooled = float(np.sum(within**2) / dof_total) if dof_total > 0 else NOISE_FLOOR
    var_u = float(np.var(ubar0)) if G > 1 else 0.01
    x = Params(
        b=np.zeros(I_),
        a=np.ones(I_),
        gamma=0.0,
        s2_theta=max(0.4 * var_u, 1e-4),
        s2_eta=max(0.3 * var_u, 1e-4),
        s2_b=PRIOR_B[1] ** 2,
        s2_a=PRIOR_A[1] ** 2,
        s2_job=max(0.1 * var_u, 1e-4),
        eta_i=np.full(I_, max(0.3 * var_u, 1e-4)),
        level=np.zeros(n_groups),
    )
    s2_i = np.full(I_, max(pooled * 0.7, NOISE_FLOOR))
    s2_delta = max(0.3 * pooled, 1e-4)
    # By default every rating, the end categories included, enters at its face
    # value d.u (see docs/engine.md, "Assumptions and limits": imputing only the
    # ends by fixed censored means lost decisions on coarse scales and made
    # P(best) less calibrated). With ``intervals`` the ratings are intervals of
    # the latent scale instead (ordinal.py), re-read after every pass.
    n_comp_c = competencies_per_candidate(d)
    # Each interview's local leniency beyond its interviewer's severity (drift.py);
    # 0 until the first pass has compared interviewers with colleagues.
    drift_g = np.zeros(G)
    # The share of each interview's noise the drift takes up (drift.drift_leverage).
    leverage = np.zeros(G)
    # The local instrument guards the contrast against drift but is less precise
    # (bench.stress reference: -0.009 of the gap where nobody drifts): the
    # whole-year one (p itself) serves until a pass finds drift.
    instrument = None
    # The drift settings the first pass that finds drift keeps; later passes weigh
    # only them again (drift.py, ``drift_mixture``).
    drift_choice = None

    for outer in range(n_outer):
        v = u - kappa[d.comp] - level[group_r]
        ubar = np.bincount(g, v, G) / nG
        dev = v - ubar[g]
        a_g = x.a[rater_g]
        a_r = a_g[g]
        # Rating-level pass: competency profiles, then the noise around them.
        prof = competency_profiles(d, dev, a_g, s2_i, s2_delta, n_comp_c)
        s2_delta = prof.s2_delta
        res = dev - a_r * (prof.delta_r - prof.dbar[g])
        s2_i, pooled = interviewer_noise(
            d,
            res,
            u_var if intervals is not None else None,
            pooled,
            profile_residual_variance(d, prof, a_g) if PROFILE_NOISE_MSTEP else None,
        )

        # Which competencies an interview covered shifts its mean by the
        # candidate's profile over them: take that out, so that every
        # interview measures the candidate's standing over all competencies.
        mix_g = a_g * (prof.dbar - prof.delta_c[d.cand_g])
        ctx = Ctx(
            ubar - mix_g - drift_g,
            p,
            s2_i,
            nG,
            d.cand_g,
            rater_g,
            d.job_c,
            C,
            I_,
            int(d.job_c.max()) + 1,
            w_conn,
            d.group,
            w_shift,
            np.where(d.one_value, A_FLOOR_ONE_VALUE, A_FLOOR),
            scale_use,
            p_iv=instrument,
            halo_newton=intervals is not None,
        )
        if intervals is None and NOISE_SCALE_USE:
            ctx.use_obs, ctx.use_prec = noise_scale_use(d, s2_i, pooled, w_conn, x.s2_a)
        # Small inputs are cheap: converge tightly (EM can crawl on tiny, nearly
        # noiseless data); large ones stop at a few thousandths of a point.
        small = G < SMALL_G
        tol, max_evals = (TOL_SMALL, 100 * n_inner) if small else (TOL, n_inner)
        if outer < n_outer - 1:
            # Early passes only feed the rating-level updates (noise,
            # profiles, offsets): a looser fixed point is enough there.
            tol *= EARLY_TOL_FACTOR
        x = Params.unpack(
            squarem(lambda vec, ctx=ctx: em_map(vec, ctx), x.pack(), max_evals, I_, tol), I_
        )
        # Severities average 0 over ratings within each group: the shift moves
        # into the group's level (for one group the likelihood does not change),
        # and so does the level the EM kept for the other groups.
        b_mean = np.bincount(d.group, w_shift * x.b, n_groups) / np.bincount(
            d.group, w_shift, n_groups
        )
        x.b = x.b - b_mean[d.group]
        shift = x.level + b_mean
        x.level = np.zeros(n_groups)
        level = level + shift
        ctx.ubar = ctx.ubar - shift[d.group[rater_g]]
        ubar = ubar - shift[d.group[rater_g]]
        if progress is not None:
            progress((outer + 1) / n_outer, "fitting")

        # Rating-level pass: competency offsets.
        e = estep(x, ctx)
        a_g = x.a[rater_g]
        pred0 = predicted_ratings(d, x, e, prof, p, drift_g)
        resid_r = u - kappa[d.comp] - level[group_r] - pred0
        kappa = competency_offsets(d, kappa, resid_r)
        if intervals is not None:
            # E-step of the interval likelihood: each rating's latent value
            # given its interval and the fit so far (a truncated normal).
            pred_r = kappa[d.comp] + level[group_r] + pred0
            u, u_var = latent_moments(intervals, pred_r, s2_i[rater_r])
        # Drift: how each interview compares with colleagues' view of the same
        # candidate (the candidate's mean without it), beyond the severity.
        # The residual's noise: the rating noise and how uncertain colleagues' view
        # of the candidate is (a candidate few others saw tells little of the drift).
        drift_g, s2_drift, drift_choice = drift_offsets(
            a_g * (e.z - e.m) + drift_g,
            rater_g,
            d.prev_g,
            d.time_order,
            I_,
            d.time_g,
            noise_rel=e.s_g + a_g * a_g * e.q,
            previous=drift_choice,
            leverage=leverage,
        )
        instrument = p_iv if s2_drift > 0 else None

    # Final quantities with the final parameters.
    v = u - kappa[d.comp] - level[group_r]
    ubar = np.bincount(g, v, G) / nG - x.a[rater_g] * (prof.dbar - prof.delta_c[d.cand_g])
    ctx.ubar = ubar - drift_g
    e = estep(x, ctx)
    e_var = e  # the E-step whose noise sets every reported variance
    if intervals is not None:
        # Intervals carry less information than exact ratings (missing part by
        # Louis 1982): the variances read each interview through its
        # intervals' share of the information.
        ctx.s_g = e.s_g / interview_information(u_var, s2_i[rater_r], g, G)
        e_var = estep(x, ctx)
    return propagated_fit(
        d,
        x,
        ctx,
        e,
        e_var,
        face_value=intervals is None,
        w_shift=w_shift,
        p=p,
        ubar=ubar,
        kappa=kappa,
        s2_i=s2_i,
        prof=prof,
        leverage=leverage,
    )
