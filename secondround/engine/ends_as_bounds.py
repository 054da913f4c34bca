"""Ratings on a scale's end read as bounds, after a face-value fit.

At face value a rating on an end is the end itself, although it only bounds the
interviewer's view. Once the fit has converged, each rating is split into its offset
outside the interviewer's stretch and the standing it stretches
(:func:`rating_offsets`), and two readings take the ends as bounds: each interview's
(:func:`end_reading`, the shift of its mean rating and the share of information its
ratings keep, from :mod:`secondround.engine.end_reading`) and that of the interviewers
who pile on an end (:func:`latent_refit`, their severity and scale use on the latent
scale, from :mod:`secondround.engine.interval_refit`, put on the fit's reference by
:func:`recentred`). The ordinal likelihood reads every rating as an interval already
and needs none of this.
"""

from __future__ import annotations

import numpy as np

from .design import Design
from .em import LOG_A_CLIP
from .em_state import Ctx, EStep, Params
from .end_reading import end_reading_moments
from .interval_refit import Refit, interval_refit
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
