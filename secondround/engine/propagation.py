"""The fit's last stage: the interviewers' sds, and their uncertainty carried into the scores.

Once the EM has converged, the rater parameters are known only up to their sds. An
interview reads its candidate through its interviewer's estimated severity and
scale use, so their errors are part of its noise: the scores here integrate them
out, the contrast coefficient gets its sampling variance, and each group's
unidentified offset is added to its candidates' uncertainty. :func:`propagated_fit`
assembles the :class:`~secondround.engine.fit.Fit`.
"""

from __future__ import annotations

from copy import copy

import numpy as np

from . import drift_sds
from .design import Design
from .em import GAMMA_SD, LOG_A_CLIP, estep, rater_variances
from .em_state import Ctx, EStep, Params
from .end_reading import end_reading_moments
from .fit import Fit
from .interval_refit import Refit, interval_refit
from .rater_sds import (
    centred_variances,
    rounding_bias,
    rounding_spread,
    scale_information,
    scale_use_rounding_variance,
)
from .rating_level import Profiles


def rating_offsets(
    d: Design, x: Params, e: EStep, ctx: Ctx, kappa: np.ndarray, prof: Profiles
) -> tuple[np.ndarray, np.ndarray]:
    """Each rating's offset outside the interviewer's stretch, and the standing it stretches.

    ``ctx.ubar`` is the interview's mean rating less its competency offsets, group level,
    drift and profile mix, so the level and drift of interview ``g`` are what the raw
    mean holds beyond it. The standing is the candidate's given their *other*
    interviews (``EStep.m``) plus the rating's competency deviation.
    """
    G = d.n_interviews
    ai = x.a[d.rater_g]
    raw = np.bincount(d.g, d.u - kappa[d.comp], G) / d.n_g
    level_drift = raw - ai * (prof.dbar - prof.delta_c[d.cand_g]) - ctx.ubar
    job_mean = e.job_mean[d.job_c[d.cand_g]]
    offset = kappa[d.comp] + (level_drift + x.gamma * ctx.p + job_mean)[d.g]
    standing = e.m[d.g] + prof.delta_r - prof.delta_c[d.cand_g][d.g]
    return offset, standing


def end_reading(
    d: Design,
    x: Params,
    e: EStep,
    ctx: Ctx,
    offset: np.ndarray,
    standing: np.ndarray,
    s2_i: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Shift of each interview's mean rating that reads its ratings on an end as bounds,
    and the share of information its ratings keep so read (G,) each.

    See :mod:`secondround.engine.end_reading`. The interviewers' severities were fitted
    reading the ends at face value, so each interviewer's own (precision-weighted) mean
    shift is taken out: what is left moves their candidates against each other, not the
    interviewer's level, which the severity already carries (to first order, as
    refitting it on the shifted readings would). ``offset`` and ``standing`` are
    :func:`rating_offsets`'.
    """
    rater_r = d.rater_r
    dev = standing - e.m[d.g]
    shift, share = end_reading_moments(
        d.u,
        rater_r,
        d.g,
        offset + x.b[rater_r],
        dev,
        e.m,
        e.q,
        x.a,
        s2_i,
        0.5 / d.width,
        d.one_value,
        ctx.n_g,
    )
    n_i = len(x.b)
    w = np.bincount(d.rater_g, e.it, n_i)
    mean = np.bincount(d.rater_g, e.it * shift, n_i) / np.where(w > 0, w, 1.0)
    return shift - mean[d.rater_g], share


def latent_refit(
    d: Design, x: Params, e: EStep, offset: np.ndarray, standing: np.ndarray, s2_i: np.ndarray
) -> Refit:
    """Severities and scale uses of interviewers who pile on an end, read on the latent scale.

    Each rating's offset outside the interviewer's stretch and the standing it stretches
    are rebuilt from the fit by :func:`rating_offsets` (see
    :mod:`secondround.engine.interval_refit`).
    """
    return interval_refit(
        d.u,
        d.rater_r,
        d.g,
        offset,
        standing,
        e.q,
        x.b,
        x.a,
        s2_i,
        (x.s2_b, x.s2_a),
        0.5 / d.width,
        d.one_value,
    )


def recentred(refit: Refit, w_shift: np.ndarray, w_conn: np.ndarray, group: np.ndarray) -> Refit:
    """The refit on the fit's reference: severities averaging 0 within each group, scale
    uses with a geometric mean of 1 (log scale uses clipped as in the EM)."""
    if not refit.refitted.any():
        return refit
    n_groups = int(group.max()) + 1
    mean = np.bincount(group, w_shift * refit.b, n_groups) / np.bincount(group, w_shift, n_groups)
    refit.b = refit.b - mean[group]
    if w_conn.sum() > 0:
        log_a = np.clip(np.log(refit.a), -LOG_A_CLIP, LOG_A_CLIP)
        refit.scale = float(np.exp(np.sum(w_conn * log_a) / w_conn.sum()))
        refit.a = refit.a / refit.scale
    return refit


def interviewer_variances(
    d: Design, x: Params, e_var: EStep, ctx: Ctx, refit: Refit | None, w_shift: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior variances of the severities and scale uses (I,), as they are reported.

    Parameters
    ----------
    d : Design
    x : Params
        The converged parameters.
    e_var : EStep
        The E-step whose noise sets the variances.
    ctx : Ctx
    refit : Refit or None
        The latent refit of interviewers who pile on an end (face value only; the
        ordinal likelihood has already read the ratings as intervals).
    w_shift : (I,) float array
        Weights of the interviewers who set their group's reference severity.

    Returns
    -------
    var_b, var_a : (I,) float arrays
    """
    var_b, var_a = rater_variances(x, e_var, ctx, shared_job=True)
    if refit is not None:
        # Ratings piled on an end only bound an interviewer's severity and stretch:
        # the data's information is scaled by the share the censored ratings keep.
        var_b = scale_information(var_b, x.s2_b, refit.share_b)
        var_a = scale_information(var_a, x.s2_a, refit.share_a)
    # Severities are taken relative to the group's reference, as they are reported.
    var_b = centred_variances(var_b, w_shift, d.group)
    return var_b, var_a


def reported_severity(
    var_b: np.ndarray,
    d: Design,
    x: Params,
    e_var: EStep,
    ctx: Ctx,
    refit: Refit | None,
    w_shift: np.ndarray,
    leverage: np.ndarray | None,
) -> np.ndarray:
    """The severities' variances as reported: the noise the drift took up given back.

    The interview noise was read from the residuals after the drift was taken out, and
    the drift took up ``leverage`` (G,) of each one's noise (``drift.drift_leverage``:
    a smoother's fit follows its own observation that much), so the noise read is
    ``1 - leverage`` of what it is. A severity is the mean of its interviewer's
    residuals (the drift is centred), whose noise is the whole of it: each interview's
    noise ``s_g + a^2 q`` is divided by ``1 - leverage`` and the variances of
    :func:`interviewer_variances` taken again. Without it the drifting interviewers'
    severity sds were 6-12% too narrow (bench.stress "drift", z SD busy / quiet 1.06 /
    1.08 on 30 organisations and 1.06 / 1.12 on 100 others; with it 1.02 / 1.03 and
    1.02 / 1.07; docs/benchmarks.md, section 5, branch `sds4`). Only the reported sds:
    the scores integrate ``var_b`` (integrating the branch's first version of this
    instead moved the drift scenario's gap closed by -0.002 [-0.005, +0.001],
    oracle-scored, on the same organisations).
    """
    if leverage is None or not leverage.any():
        return var_b
    noise = e_var.s_g + x.a[ctx.rater_g] ** 2 * e_var.q
    widened = copy(e_var)
    widened.s_g = e_var.s_g + noise * leverage / (1.0 - leverage)
    return interviewer_variances(d, x, widened, ctx, refit, w_shift)[0]


def reported_scale_use(var_a: np.ndarray, x: Params, ctx: Ctx, refit: Refit | None) -> np.ndarray:
    """The scale uses' variances as reported: the end refit's own where it refitted.

    The refit replaces the face-value scale use of most interviewers (any with
    END_SHARE_MIN of their ratings on an end) and takes out its clipping bias, which
    for busy interviewers the face-value variance had covered: reported with it, their
    sds were about 20% too wide (bench.rater_sds, 100 organisations: z SD 0.81 / 0.77
    busy on 1-4 / 1-5). The refit's information (``Refit.var_a``) reads the ratings
    against the candidates' other interviews; the noise reading of scale use, which the
    reported scale use carries through the face-value fit, is added to it at the share
    of information the ratings on an end keep (its information at the fitted scale
    use, as in ``em.rater_variances``). Only the reported sds: the scores integrate
    ``var_a`` (docs/benchmarks.md, section 5, branch `sds3`).

    The refit's prior is the scale uses' latent spread (``Refit.s2_a`` around
    ``Refit.mu_a``), and the face-value variance it is blended with is taken at that
    spread too (relative to the mean, on the face-value scale). Every reported scale use
    was divided by ``Refit.scale`` to a geometric mean of 1, so its variance is divided
    by its square, and taken relative to that mean (branch `ends`).
    """
    if refit is None:
        return var_a
    m = refit.refitted & np.isfinite(refit.var_a)
    if not m.any():
        return var_a
    out = var_a / refit.scale**2
    reading = np.zeros(int(m.sum()))
    if ctx.use_prec is not None and ctx.scale_use:
        reading = (ctx.use_prec * (ctx.use_obs / x.a) ** 2)[m]
    share = refit.share_a[m]
    own = 1.0 / (1.0 / refit.var_a[m] + share * reading)
    spread = max(refit.s2_a / refit.mu_a**2, x.s2_a)
    # A scale use held at a known value (bench.shortfall plugs the truth in) has
    # variance 0: its face-value part stays 0.
    with np.errstate(divide="ignore"):
        face = 1.0 / (np.maximum(1.0 / var_a[m] - 1.0 / x.s2_a, 0.0) + 1.0 / spread)
    # Ratings piled on an end: the censored likelihood's own information was
    # over-confident there (end piling), so it counts at the share the ends keep.
    out[m] = (share * own + (1.0 - share) * face) / refit.scale**2
    # Relative to the geometric mean they were divided by (in log scale use), as the
    # severities are relative to their reference: a busy interviewer is a large part
    # of it.
    log_var = centred_variances(out / refit.a**2, ctx.w_conn, np.zeros(len(out), np.int64))
    return log_var * refit.a**2


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
    drift_var: np.ndarray | None = None,
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
    drift_var : (G,) float array, optional
        Each interview's drift estimate's posterior variance (``drift.drift_variance``;
        0 where no drift is modelled): carried into the candidates' variances, not
        their scores (see :mod:`~secondround.engine.drift_sds`).

    Returns
    -------
    Fit
    """
    C = len(d.n_c)
    n_groups = int(d.group.max()) + 1
    rater_g = d.rater_g
    ai = x.a[rater_g]
    refit = None
    if face_value:
        offset, standing = rating_offsets(d, x, e, ctx, kappa, prof)
        refit = latent_refit(d, x, e, offset, standing, s2_i)
        refit = recentred(refit, w_shift, ctx.w_conn, d.group)
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
    end_info = 1.0
    if face_value:
        end_shift_g, end_info = end_reading(d, x, e0, ctx, offset, standing, s2_i)
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
    # The drift estimate's errors (0 where no drift is modelled): in the reported sds,
    # not in what P(best) draws (drawing them made it under-confident, drift_sds.py).
    drift = drift_sds.drift_uncertainty(d, x, e_var, d_b, drift_var, leverage)
    var_total = e.var + var_group + drift.var
    var_b_reported = reported_severity(var_b, d, x, e_var, ctx, refit, w_shift, leverage)
    if face_value:
        # Read as points, ratings rounded to one or two scale points leave a bias in the
        # mean rating that no information counts (docs/engine.md, branch `ends2`).
        # Independent of one interviewer to the next, taken relative to the group's
        # reference as the variances are. Each on the points of their own scale.
        bias = rounding_bias(d.rater_r, standing, d.rater_g, d.n_g, e0.q, x.a, s2_i, d.point_i)
        var_b_reported = var_b_reported + centred_variances(bias, w_shift, d.group)
    var_a_reported = reported_scale_use(var_a, x, ctx, refit)
    if face_value:
        # The same rounding makes the ratings follow the standings more steeply or more
        # flatly than the views (branch `usesd`).
        spread = rounding_spread(
            d.rater_r, standing, d.rater_g, d.n_g, e0.q, x.a, s2_i, d.point_i, offset
        )
        a_reported = x.a if refit is None else refit.a
        var_a_reported = var_a_reported + scale_use_rounding_variance(
            spread, var_a, x.s2_a, a_reported, ctx.w_conn
        )
    return Fit(
        theta=e.theta,
        var_theta=e.var,
        var_own=var_own_cond,
        job_load=e.job_load,
        job_var=e.job_var,
        var_total=var_total,
        var_dev=e.var_dev + drift.var,  # a group's offset moves a job's candidates alike
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
        kappa=kappa,
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
        drift=drift,
        d_a=d_a,
        contrast_identified=contrast_identified,
    )
