"""The fit's last stage: the interviewers' uncertainty carried into the scores.

Once the EM has converged, the rater parameters are known only up to their sds
(:mod:`secondround.engine.reported_sds`). An interview reads its candidate through its
interviewer's estimated severity and scale use, so their errors are part of its noise:
the scores here integrate them out, read the ratings on a scale's end as bounds
(:mod:`secondround.engine.ends_as_bounds`, at face value), the contrast coefficient
gets its sampling variance, and each group's unidentified offset is added to its
candidates' uncertainty. :func:`propagated_fit` assembles the
:class:`~secondround.engine.fit.Fit`.
"""

from __future__ import annotations

from copy import copy

import numpy as np

from .design import Design
from .em import GAMMA_SD, estep
from .em_state import Ctx, EStep, Params
from .ends_as_bounds import end_reading, latent_refit, rating_offsets, recentred
from .fit import Fit
from .interval_refit import Refit
from .rater_sds import (
    centred_variances,
    rounding_bias,
    rounding_spread,
    scale_use_rounding_variance,
)
from .rating_level import Profiles
from .reported_sds import interviewer_variances, reported_scale_use, reported_severity


def propagated_fit(
    d: Design,
    x: Params,
    ctx: Ctx,
    e: EStep,
    e_var: EStep,
    *,
    face_value: bool,
    w_shift: np.ndarray,
    p: np.ndarray,
    ubar: np.ndarray,
    kappa: np.ndarray,
    s2_i: np.ndarray,
    prof: Profiles,
    leverage: np.ndarray | None = None,
) -> Fit:
    """The fit with the interviewers' parameter errors carried into the scores.

    Parameters
    ----------
    d : Design
    x : Params
        The converged interview-level parameters.
    ctx : Ctx
        The last interview-level data (its interview noise ``s_g`` is changed here
        and restored).
    e : EStep
        The E-step with the final parameters.
    e_var : EStep
        The E-step whose noise sets every reported variance (``e`` itself at face
        value; with the ordinal likelihood, each interview read through its
        intervals' share of the information).
    face_value : bool
        Whether the ratings were taken at face value.
    w_shift : (I,) float array
        Weights of the interviewers who set their group's reference severity.
    p : (G,) float array
        The contrast regressor.
    ubar : (G,) float array
        Uncalibrated interview means (competency offsets, levels and the profile's
        mix taken out).
    kappa, s2_i : float arrays
        Competency offsets and the interviewers' noise variances.
    prof : Profiles
        The last rating-level pass's competency profiles.
    leverage : (G,) float array, optional
        The share of each interview's noise the drift took up (see
        :func:`reported_severity`).

    Returns
    -------
    Fit
    """
    C = len(d.n_c)
    n_groups = int(d.group.max()) + 1
    rater_g = d.rater_g
    ai = x.a[rater_g]
    refit = None
    end_info = 1.0
    if face_value:
        offset, standing = rating_offsets(d, x, e, ctx, kappa, prof)
        refit = latent_refit(d, x, e, offset, standing, s2_i)
        refit = recentred(refit, w_shift, ctx.w_conn, d.group)
        end_shift_g, end_info = end_reading(d, x, e, ctx, offset, standing, s2_i)
    var_b, var_a = interviewer_variances(d, x, e_var, ctx, refit, w_shift)
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
    ubar0 = ctx.ubar
    rater_noise = var_b[rater_g] + (e0.z * ai) ** 2 * var_a[rater_g]
    ctx.s_g = e_var.s_g + rater_noise
    e = estep(x, ctx)
    w_g = e.it * e.var_own[d.cand_g]
    if np.any(end_info < 1.0):
        # Read at face value, an interview's ratings on an end count as full points in
        # the variances although the means read them as bounds: the candidates'
        # variances read each interview's noise through the share of information its
        # ratings keep (as the ordinal likelihood's e_var does with its intervals').
        # Only the variances: the interviews' weights (w_g) and the job mean's loading
        # describe how the means were formed. See docs/engine.md, "Ends read as
        # bounds", for the measurement.
        ctx.s_g = e_var.s_g / end_info + rater_noise
        wide = estep(x, ctx)
        e = copy(e)
        e.var, e.var_own, e.var_dev, e.job_var = wide.var, wide.var_own, wide.var_dev, wide.job_var
    # The point estimates (with the complete-data weights where ratings are
    # intervals) size an interview's scale-use noise by the impression expected
    # from all the data, E[x^2] = ex^2 + vx, not by its own reading: z^2 holds the
    # interview's own noise, so a reading far out by chance lost weight for it and
    # the candidates read highest were pulled in (bench.stress, docs/benchmarks.md).
    expected_sq = ai**2 * (e0.ex**2 + e0.vx)
    ctx.s_g = e0.s_g + var_b[rater_g] + expected_sq * var_a[rater_g]
    if face_value:
        ctx.ubar = ubar0 + end_shift_g
    e_mean = estep(x, ctx)
    ctx.ubar = ubar0
    # The calibrated impressions are those the means read: an end rating read as a
    # bound is part of how calibration moved the interview (Adjustment.effect).
    e.theta, e.own, e.job_mean, e.z_raw = e_mean.theta, e_mean.own, e_mean.job_mean, e_mean.z_raw
    ctx.s_g = e0.s_g
    # Sampling variance of the instrumental estimate of gamma (see em_map).
    wpi = ctx.p_in / e0.s_g
    info = float(np.sum(wpi * p)) ** 2 / max(float(np.sum(wpi**2 * vtil)), 1e-300)
    contrast_identified = info > 1.0 / GAMMA_SD**2
    var_gamma = 1.0 / (info + 1.0 / GAMMA_SD**2)
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
    var_b_reported = reported_severity(var_b, d, x, e_var, ctx, refit, w_shift, leverage)
    var_a_reported = reported_scale_use(var_a, x, ctx, refit)
    if face_value:
        # Read as points, ratings rounded to one or two scale points leave a bias in the
        # mean rating that no information counts (docs/engine.md, branch `ends2`).
        # Independent of one interviewer to the next, taken relative to the group's
        # reference as the variances are. Each on the points of their own scale.
        views = (d.rater_r, standing, d.rater_g, d.n_g, e0.q, x.a, s2_i, d.point_i)
        bias = rounding_bias(rounding_spread(*views), d.point_i)
        var_b_reported = var_b_reported + centred_variances(bias, w_shift, d.group)
        # The same rounding makes the ratings follow the standings more steeply or more
        # flatly than the views (branch `usesd`), at the reported (refitted) scale uses;
        # read with the spread of the whole view, offsets included.
        spread = rounding_spread(*views, offset)
        var_a_reported = var_a_reported + scale_use_rounding_variance(
            spread, var_a, x.s2_a, refit.a, ctx.w_conn
        )
    return Fit(
        theta=e.theta,
        var_own=var_own_cond,
        job_load=e.job_load,
        job_var=e.job_var,
        var_total=var_total,
        var_dev=e.var_dev,  # a group's offset moves a job's candidates alike
        job_mean_c=e.job_mean[d.job_c],
        var_group=var_group,
        b=x.b if refit is None else refit.b,
        a=x.a if refit is None else refit.a,
        var_b=var_b,
        var_b_reported=var_b_reported,
        var_a=var_a,
        var_a_reported=var_a_reported,
        gamma=x.gamma,
        var_gamma=var_gamma,
        s2_i=s2_i,
        params=x,
        s2_delta=prof.s2_delta,
        delta=prof.delta,
        delta_c=prof.delta_c,
        var_delta=prof.var_delta,
        z_g=e.z_raw,
        ubar_g=ubar,
        w_g=w_g,
        p_g=p,
        d_b=d_b,
        d_a=d_a,
        contrast_identified=contrast_identified,
        unit=standing_unit(refit, ctx.scale_use),
    )


def standing_unit(refit: Refit | None, scale_use: bool) -> float:
    """Latent units of the standings per face-value unit (the outputs' conversion).

    The EM fixes the face-value scale uses at a geometric mean of 1, and the standings
    are in the units that fixes: rating points of the typical interviewer *as their
    ratings read at face value*. Where ratings pile on a scale's ends, face value reads
    every interviewer's stretch short (a rating clipped at the end moves less than the
    view behind it), so that unit is shorter than the latent one the interviewers'
    report uses (their scale uses refitted on the latent scale and divided by
    ``Refit.scale`` to a geometric mean of 1): the refit found the typical interviewer
    stretching the face-value standings by ``Refit.scale``. Converting the standings by
    it puts them on the latent scale, as the interviewers' parameters are; a common
    factor, so it moves no rank and no P(best). Measured: the job-centred truth
    regressed on the score with slope 1.18 on the stress suite's end piling and 1.07 on
    its reference (20 organisations each), 1.03 and 1.00 in these units
    (docs/benchmarks.md, section 6, branch `endsq`). With scale uses held at 1 (a design
    that cannot carry them) the refit reads no stretch the fit used: 1.
    """
    if refit is None or not scale_use or not refit.refitted.any():
        return 1.0
    return float(refit.scale)
