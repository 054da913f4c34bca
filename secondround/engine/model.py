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
error variance ``s2_eta_i`` (shrunk to the pool) and per-rating noise ``s2_i``.
``b_i`` is severity (offset), ``a_i`` scale use (stretch), ``p_g`` the interviewer's
previous interview's mean rating minus their mean over their other interviews
(contrast regressor, leave-one-out), and
``gamma`` the contrast coefficient (estimated with a drift-free instrument, see
``contrast.py``), ``d_g`` the interviewer's drift around interview ``g`` (``drift.py``).
Variance components are estimated by EM
(with weak inverse-gamma-like pseudo-counts, so that tiny data sets stay sane),
and every connected group of interviewers is calibrated (one offset per group,
which the data cannot see, is carried in the candidates' uncertainty).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .contrast import contrast_regressor
from .design import Design
from .drift import drift_offsets
from .em import (
    A_FLOOR,
    A_FLOOR_ONE_VALUE,
    GAMMA_SD,
    PRIOR_A,
    PRIOR_B,
    TOL,
    Ctx,
    Params,
    em_map,
    estep,
    ig_update,
    norm_weights,
    rater_variances,
    squarem,
)
from .ordinal import Intervals, interview_information, latent_moments
from .rater_sds import censored_information, centred_variances, scale_information

PRIOR_DELTA = (1.0, 0.05)
PRIOR_NOISE_COUNT = 10.0  # an interviewer's noise variance is shrunk to the pool
NOISE_FLOOR = 1e-4
SMALL_G = 20_000  # interviews; below this the EM converges tightly
TOL_SMALL = 1e-8
EARLY_TOL_FACTOR = 4.0
# Passes of the ordinal likelihood's EM (each re-reads the ratings as the means
# of their latent values); the first is a face-value pass.
ORDINAL_OUTER = 10


@dataclass
class Fit:
    """Fitted quantities (latent [0, 1]-scale units unless said otherwise)."""

    theta: np.ndarray  # (C,) candidate standing (job mean included)
    var_theta: np.ndarray  # (C,) posterior variance given the rater parameters
    var_own: np.ndarray  # (C,) its part not shared with the job mean
    job_load: np.ndarray  # (C,) loading of the job mean's error on theta
    job_var: np.ndarray  # (J,) posterior variance of each job's mean
    var_total: np.ndarray  # (C,) adding the rater parameters' uncertainty
    var_dev: np.ndarray  # (C,) same, of the standing relative to the job's mean
    job_mean_c: np.ndarray  # (C,) posterior mean of each candidate's job's mean
    var_group: np.ndarray  # (C,) variance from the group's unidentified offset
    b: np.ndarray  # (I,) severity
    a: np.ndarray  # (I,) scale use
    var_b: np.ndarray
    var_a: np.ndarray
    gamma: float
    var_gamma: float
    kappa: np.ndarray  # (K,) competency offsets
    s2_i: np.ndarray  # (I,) per-rating noise variance (rating units)
    params: Params
    s2_delta: float
    delta: np.ndarray  # (cells,) candidate x competency profile
    delta_c: np.ndarray  # (C,) its mean over the job's competencies
    var_delta: np.ndarray
    z_g: np.ndarray  # (G,) calibrated interview impressions
    ubar_g: np.ndarray  # (G,) uncalibrated interview means (minus kappa)
    w_g: np.ndarray  # (G,) weight of each interview in its candidate's theta
    p_g: np.ndarray  # (G,) contrast regressor
    d_b: np.ndarray  # (G,) d theta_c / d b_i
    d_a: np.ndarray  # (G,) d theta_c / d a_i
    contrast_identified: bool  # the data say more about contrast than its prior

    @property
    def s2_theta(self) -> float:
        return self.params.s2_theta

    @property
    def s2_eta(self) -> float:
        return self.params.s2_eta


def competencies_per_candidate(d: Design) -> np.ndarray:
    """How many competencies each candidate's job is rated on (C,), as floats."""
    n_comp = int(d.comp.max()) + 1
    job_r = d.job_c[d.cand_g[d.g]]
    pairs = np.unique(job_r * n_comp + d.comp)
    per_job = np.bincount(pairs // n_comp, minlength=int(d.job_c.max()) + 1)
    return per_job[d.job_c].astype(np.float64)


# Ratings live in [0, 1]: a variance component or a standing beyond these bounds
# means the fit drifted along a direction the design cannot pin down.
SANE_VARIANCE = 1.0
SANE_STANDING = 2.0


def fit_is_sane(f: Fit) -> bool:
    """Whether a fit stayed within what ratings on [0, 1] can support.

    On tiny designs (a few interviewers with a handful of one-competency
    interviews) scale use is barely identified, and the EM can drift to extreme
    scale uses with variances growing without bound.
    """
    x = f.params
    variances = np.array([x.s2_theta, x.s2_eta, x.s2_job, x.s2_b, *x.eta_i])
    return bool(
        np.all(np.isfinite(f.theta))
        and np.all(np.isfinite(f.var_total))
        and np.all(variances < SANE_VARIANCE)
        and np.all(np.abs(f.theta) < SANE_STANDING)
    )


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
        at 1 (see :func:`fit_is_sane`).
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
    n_cells = len(d.cell_cand)
    nG = d.n_g.astype(np.float64)
    g, rater_g = d.g, d.rater_g
    rater_r = rater_g[g]
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
    # The local instrument guards the contrast against drift but is less precise
    # (bench.stress reference: -0.009 of the gap where nobody drifts): the
    # whole-year one (p itself) serves until a pass finds drift.
    instrument = None

    for outer in range(n_outer):
        v = u - kappa[d.comp] - level[group_r]
        ubar = np.bincount(g, v, G) / nG
        dev = v - ubar[g]
        a_g = x.a[rater_g]
        a_r = a_g[g]
        # Competency profile from within-interview deviations: the interview
        # mean (and with it the halo) cancels out.
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
        res = dev - a_r * (delta_r - dbar[g])
        dof_i = np.bincount(rater_g, nG - 1, I_)
        ss_i = np.bincount(rater_r, res * res, I_)
        if intervals is not None:  # expected within-interview spread of the latent values
            ss_i = ss_i + np.bincount(rater_r, u_var * (1.0 - 1.0 / nG[g]), I_)
        if dof_total > 0:
            pooled = max(float(ss_i.sum() / dof_total), NOISE_FLOOR)
        s2_i = (ss_i + PRIOR_NOISE_COUNT * pooled) / (dof_i + PRIOR_NOISE_COUNT)
        s2_i = np.maximum(s2_i, NOISE_FLOOR)

        # Which competencies an interview covered shifts its mean by the
        # candidate's profile over them: take that out, so that every
        # interview measures the candidate's standing over all competencies.
        delta_c = np.bincount(d.cell_cand, delta, C) / n_comp_c
        mix_g = a_g * (dbar - delta_c[d.cand_g])
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
        )
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
        a_r = a_g[g]
        job_g = e.job_mean[d.job_c][d.cand_g]
        pred_g = x.b[rater_g] + job_g + a_g * (e.ex - delta_c[d.cand_g]) + x.gamma * p + drift_g
        pred0 = pred_g[g] + a_r * delta_r
        n_k = np.bincount(d.comp, minlength=K) + 1.0
        resid_r = u - kappa[d.comp] - level[group_r] - pred0
        kappa = kappa + np.bincount(d.comp, resid_r, K) / n_k
        if intervals is not None:
            # E-step of the interval likelihood: each rating's latent value
            # given its interval and the fit so far (a truncated normal).
            pred_r = kappa[d.comp] + level[group_r] + pred0
            u, u_var = latent_moments(intervals, pred_r, s2_i[rater_r])
        # Drift: how each interview compares with colleagues' view of the same
        # candidate (the candidate's mean without it), beyond the severity.
        drift_g, s2_drift = drift_offsets(
            a_g * (e.z - e.m) + drift_g, rater_g, d.prev_g, d.time_order, I_, d.time_g
        )
        instrument = p_iv if s2_drift > 0 else None

    # Final quantities with the final parameters.
    v = u - kappa[d.comp] - level[group_r]
    ubar = np.bincount(g, v, G) / nG - x.a[rater_g] * (dbar - delta_c[d.cand_g])
    ctx.ubar = ubar - drift_g
    e = estep(x, ctx)
    ai = x.a[rater_g]
    e_var = e  # the E-step whose noise sets every reported variance
    if intervals is not None:
        # Intervals carry less information than exact ratings (missing part by
        # Louis 1982): the variances below read each interview through its
        # intervals' share of the information.
        ctx.s_g = e.s_g / interview_information(u_var, s2_i[rater_r], g, G)
        e_var = estep(x, ctx)
    var_b, var_a = rater_variances(x, e_var, ctx, shared_job=True)
    if intervals is None:
        # At face value, ratings piled on an end only bound an interviewer's severity
        # and stretch: their information is scaled down (rater_sds.py). The ordinal
        # likelihood has already read them as intervals.
        kept = censored_information(d.u, rater_r, I_)
        var_b = scale_information(var_b, x.s2_b, kept)
        var_a = scale_information(var_a, x.s2_a, kept)
    # Severities are taken relative to the group's reference, as they are reported.
    var_b = centred_variances(var_b, w_shift, d.group)
    vtil = e.s_g + ai**2 * e.q
    # The scores integrate out the interviewers' parameter errors: an interview
    # reads the candidate through its interviewer's estimated severity and scale
    # use, so their uncertainty is part of its noise. A candidate seen once by an
    # interviewer whose severity is barely known is shrunk further toward the
    # job's mean (an interview's weight falls with its rater's var_b), instead of
    # being read at face value minus a shrunk severity. Scale use stretches the
    # impression around the job's mean, not the job's mean itself (a rating is
    # b + mu_j + a x): the scale-use term reads e.z, the impression with the job's
    # mean removed (z_raw, with it, made a job's mean level count as stretch).
    e0 = e
    rater_noise = var_b[rater_g] + (e0.z * ai) ** 2 * var_a[rater_g]
    ctx.s_g = e_var.s_g + rater_noise
    e = estep(x, ctx)
    # The point estimates (with the complete-data weights where ratings are
    # intervals) size an interview's scale-use noise by the impression expected
    # from all the data, E[x^2] = ex^2 + vx, not by its own reading: z^2 holds the
    # interview's own noise, so a reading far out by chance lost weight for it and
    # the candidates read highest were pulled in (bench.stress, docs/benchmarks.md).
    expected_sq = ai**2 * (e0.ex**2 + e0.vx)
    ctx.s_g = e0.s_g + var_b[rater_g] + expected_sq * var_a[rater_g]
    e_mean = estep(x, ctx)
    e.theta, e.own, e.job_mean = e_mean.theta, e_mean.own, e_mean.job_mean
    ctx.s_g = e0.s_g
    # Sampling variance of the instrumental estimate of gamma (see em_map).
    wpi = ctx.p_in / e0.s_g
    info = float(np.sum(wpi * p)) ** 2 / max(float(np.sum(wpi**2 * vtil)), 1e-300)
    contrast_identified = info > 1.0 / GAMMA_SD**2
    var_gamma = 1.0 / (info + 1.0 / GAMMA_SD**2)
    w_g = e.it * e.var_own[d.cand_g]
    # First-order propagation of the rater parameters' uncertainty into theta
    # (theta_c ~ sum_g w_g z_g with z_g = (ubar - b - gamma p - mu_j) / a; the
    # job's mean mu_j is not stretched, so d z_g / d a_i = -z_g / a_i).
    d_b = -w_g / ai
    d_a = -w_g * e0.z / ai
    var_rater = np.bincount(d.cand_g, d_b**2 * var_b[rater_g] + d_a**2 * var_a[rater_g], C)
    # The posterior variance with the rater errors in the interviews' noise is
    # (noise part) + var_rater exactly (the weights are the Bayes weights of that
    # noise): its noise part is what P(best) draws independently, the rater
    # errors being drawn shared between the candidates an interviewer met.
    var_own_cond = np.maximum(e.var_own - var_rater, 0.0)
    # One offset per group of interviewers is not identified (groups never met
    # the same candidate): under the severities' prior, a group's mean severity
    # is off by N(0, s2_b / its interviewers) from the population's. With one
    # group the offset is every candidate's alike and is left out.
    people = np.bincount(d.group, minlength=n_groups).astype(np.float64)
    var_offset = x.s2_b / people if n_groups > 1 else np.zeros(1)
    var_group = np.bincount(d.cand_g, d_b, C) ** 2 * var_offset[d.cand_group]
    var_total = e.var + var_group
    return Fit(
        theta=e.theta,
        var_theta=e.var,
        var_own=var_own_cond,
        job_load=e.job_load,
        job_var=e.job_var,
        var_total=var_total,
        var_dev=e.var_dev,  # a group's offset moves a job's candidates alike
        job_mean_c=e.job_mean[d.job_c],
        var_group=var_group,
        b=x.b,
        a=x.a,
        var_b=var_b,
        var_a=var_a,
        gamma=x.gamma,
        var_gamma=var_gamma,
        kappa=kappa,
        s2_i=s2_i,
        params=x,
        s2_delta=s2_delta,
        delta=delta,
        delta_c=delta_c,
        var_delta=var_delta,
        z_g=e.z_raw,
        ubar_g=ubar,
        w_g=w_g,
        p_g=p,
        d_b=d_b,
        d_a=d_a,
        contrast_identified=contrast_identified,
    )
