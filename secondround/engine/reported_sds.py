"""The interviewers' severity and scale-use variances: as the scores integrate them and
as they are reported.

:func:`interviewer_variances` gives the variances the scores integrate (each
interviewer's information from their interviews, less what their ratings piled on an
end keep, severities taken relative to their group's reference).
:func:`reported_severity` and :func:`reported_scale_use` turn them into the reported
ones: the noise the drift took up given back, and the end refit's own variance where it
refitted. The corrections' formulas are in :mod:`secondround.engine.rater_sds`; the
bias rounding leaves is added to the reported variances in
:func:`~secondround.engine.propagation.propagated_fit`.
"""

from __future__ import annotations

from copy import copy

import numpy as np

from .design import Design
from .em import rater_variances
from .em_state import Ctx, EStep, Params
from .interval_refit import Refit
from .rater_sds import centred_variances, scale_information


def interviewer_variances(
    d: Design, x: Params, e_var: EStep, ctx: Ctx, refit: Refit | None, w_shift: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior variances of the severities and scale uses (I,), as the scores integrate
    them (and as the reported ones start from them).

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
