"""Interviewers who pile ratings on an end: severity and scale use refitted on the latent scale.

At face value a rating on a scale's end is read as the end itself, although it only
says that the interviewer's view was at or beyond the half-point before it. For an
interviewer who gives top marks to most candidates the face-value fit reads a milder
severity and a smaller scale use than the latent ones, by many times their sd
(docs/engine.md, "Interviewers who pile ratings on an end").

After the fit, each such interviewer's (severity, scale use) is refitted given the
candidates' fitted standings, with each end rating read as censored (a Tobit
likelihood; interior ratings stay at face value)::

    y*_r ~ N(o_r + b + a * h_r, tau + a^2 q_g)
    h_r  = m_g + delta_r - delta_c

``o_r`` holds everything the fit puts outside the interviewer's stretch (competency
offset, group level, drift, contrast, job mean), ``m_g`` is the candidate's standing
given their *other* interviews (so the interviewer's own face-value ratings do not
pull it), ``q_g`` its variance plus the interviewer's halo variance, and ``tau`` the
interviewer's rating noise (refitted too: at face value an interviewer who piles on an
end looks less noisy than they are). Ratings of one interview are taken as
independent given ``m_g`` (a composite likelihood: the point estimate is consistent,
its information is not used alone, see below).

The same likelihood with every rating at face value (its "Gaussian twin") is fitted
too, and the censoring correction is the difference of the two: reported = face
value + (Tobit − twin). Without ratings on an end the two fits coincide, so the
correction is exactly 0, and whatever the composite likelihood gets wrong about the
full model cancels to first order. Likewise the sds: the face-value sds (which carry
the shared job mean, the reference and the priors) take the share of information the
censored ratings keep, the ratio of the twin's to the Tobit's variance from their
observed information. These are the variances the candidates' scores integrate.
The *reported* scale-use variance is the Tobit's own (``Refit.var_a``, with the
noise reading's information added by :func:`~secondround.engine.reported_sds.
reported_scale_use`): the refit takes out the clipping bias of a busy interviewer's
face-value scale use, which the face-value variance had happened to cover.

The Tobit reads the scale uses with a prior of its own, their mean and spread on the
latent scale estimated from the refit itself (:func:`latent_spread`); the twin keeps
the face-value fit's prior, so the correction also takes out the extra shrinkage of
face-value scale uses whose spread a coarse scale's ends hide. The shares, which the
scores use, are taken at the face-value prior.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .design import on_an_end
from .rater_sds import END_SHARE_CLIP, END_SHARE_MIN
from .tobit import LOG_TAU_SD, PiledRatings, log_likelihood, subset

NEWTON_STEPS = 10
# An interviewer's Newton steps stop once a step taken moved severity and scale use
# less than this ([0, 1] units: 0.004 of a point on a 1-5 scale). Newton converges
# quadratically, so what is left after such a step is far smaller still.
STEP_TOL = 1e-3
# Largest Newton step in (severity, scale use, log noise), [0, 1] units.
STEP_CAP = np.array([0.25, 0.5, 1.0])
A_MIN = 0.05
# EM steps for the scale uses' latent spread (closed-form steps over k numbers; it
# settles to 1e-6 in a few dozen).
LATENT_EM_STEPS = 200
# Fewest refitted interviewers whose scale uses' mean and spread are estimated: on
# fewer, the estimate moved with one or two of them (on 30,000 small refits of 2-9
# interviewers, the latent mean read an interviewer piled on the top end as less
# lenient than face value in 32; none from 10 on), and the face-value prior stays.
LATENT_MIN = 10


@dataclass
class Refit:
    """The refitted severities and scale uses, and their information shares."""

    b: np.ndarray  # (I,) severity on the latent scale
    a: np.ndarray  # (I,) scale use on the latent scale
    share_b: np.ndarray  # (I,) information on severity kept by the censored ratings
    share_a: np.ndarray  # (I,) same, scale use
    refitted: np.ndarray  # (I,) bool: had at least END_SHARE_MIN of ratings on an end
    var_a: np.ndarray  # (I,) scale use's variance under the Tobit, priors in (NaN if not refitted)
    mu_a: float = 1.0  # mean of the scale uses' prior the Tobit read them with
    s2_a: float = np.nan  # its variance (NaN: nobody refitted)
    scale: float = 1.0  # what the scale uses were divided by to a geometric mean of 1


def end_shares(u: np.ndarray, rater: np.ndarray, n_i: int) -> tuple[np.ndarray, np.ndarray]:
    """Each interviewer's share of ratings on the bottom and top ends."""
    count = np.maximum(np.bincount(rater, minlength=n_i), 1)
    return (
        np.bincount(rater[u <= 1e-9], minlength=n_i) / count,
        np.bincount(rater[u >= 1 - 1e-9], minlength=n_i) / count,
    )


def smallest_eigenvalue_bounds(m: np.ndarray, floor: float = 5e-10) -> np.ndarray:
    """Each symmetric 3 x 3 matrix's smallest eigenvalue, or a lower bound of it above ``floor``.

    Where the matrix is positive definite (Sylvester's leading minors) with
    ``det / trace^2`` at least ``floor`` (a lower bound of the smallest eigenvalue:
    ``det = l1 l2 l3 <= l1 trace^2``), the bound stands in: Newton's damping reads only
    whether the smallest eigenvalue is below ``floor``, and this skips ``eigvalsh`` for
    nearly every interviewer.
    """
    m11, m22 = m[:, 0, 0], m[:, 1, 1]
    minor2 = m11 * m22 - m[:, 0, 1] * m[:, 1, 0]
    det = np.linalg.det(m)
    trace = m11 + m22 + m[:, 2, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = det / (trace * trace)
    sure = (m11 > 0) & (minor2 > 0) & (det > 0) & (bound >= floor)
    low = np.where(sure, bound, 0.0)
    rest = np.flatnonzero(~sure)
    if len(rest):
        low[rest] = np.linalg.eigvalsh(m[rest])[:, 0]
    return low


def _newton(th: np.ndarray, dd: PiledRatings, censored: bool) -> tuple[np.ndarray, np.ndarray]:
    """Maximise the penalised likelihood by damped Newton steps, for all interviewers at once.

    One evaluation per step: a step that lowers an interviewer's objective is not
    taken, and their next step is half as long. An interviewer whose step fell below
    STEP_TOL stops, and the next steps read only the others' ratings (most stop after
    two or three). Returns the estimate and the observed information (negative
    Hessian, prior included).
    """
    th = th.copy()
    obj, grad, hess = log_likelihood(th, dd, censored)
    scale = np.ones(dd.k)
    active = np.ones(dd.k, bool)
    sub = dd
    for _ in range(NEWTON_STEPS):
        at = np.flatnonzero(active)
        info = -hess[at]
        # Levenberg damping where the Hessian is not negative definite.
        info = info + np.maximum(1e-9 - 2 * smallest_eigenvalue_bounds(info), 0.0)[
            :, None, None
        ] * np.eye(3)
        step = np.linalg.solve(info, grad[at][:, :, None])[:, :, 0]
        step = np.clip(step, -STEP_CAP, STEP_CAP) * scale[at, None]
        trial = th[at] + step
        trial[:, 1] = np.maximum(trial[:, 1], A_MIN)
        new_obj, new_grad, new_hess = log_likelihood(trial, sub, censored)
        better = new_obj >= obj[at] - 1e-9
        up = at[better]
        th[up], obj[up] = trial[better], new_obj[better]
        grad[up], hess[up] = new_grad[better], new_hess[better]
        scale[at] = np.where(better, np.minimum(2 * scale[at], 1.0), 0.5 * scale[at])
        done = better & (np.max(np.abs(step[:, :2]), axis=1) < STEP_TOL)
        if done.all():
            break
        if done.any():
            active[at[done]] = False
            sub = subset(sub, ~done)
    return th, -hess


def _least_squares_start(dd: PiledRatings) -> np.ndarray:
    """(k, 3) starting point of the twin: least squares of the ratings on the standings.

    The twin's scale use sits some way from the face-value fit's (it reads the
    candidates given their other interviews); one pass of sums gets most of the way.
    """
    k, w = dd.k, dd.who
    b0, s2_b, a0, s2_a, lt0 = dd.prior
    rounding = dd.half**2 / 3.0
    y = dd.u - dd.o
    ends = [np.bincount(w, x, k) for x in (np.ones_like(y), dd.h, dd.h**2, y, dd.h * y, y * y)]
    n, sh, shh, sy, shy, syy = (dd.stats + np.stack(ends, axis=1)).T
    wt = 1.0 / (np.exp(lt0) + dd.qbar + rounding)
    s0, s1, s2 = wt * n + 1.0 / s2_b, wt * sh, wt * shh + 1.0 / s2_a
    t0, t1 = wt * sy + b0 / s2_b, wt * shy + a0 / s2_a
    det = s0 * s2 - s1 * s1
    b = (s2 * t0 - s1 * t1) / det
    a = np.maximum((s0 * t1 - s1 * t0) / det, A_MIN)
    rss = syy - 2 * b * sy - 2 * a * shy + n * b * b + 2 * a * b * sh + a * a * shh
    tau = rss / np.maximum(n, 1) - a * a * dd.qbar - rounding
    lt = np.log(np.maximum(tau, np.exp(lt0 - 2 * LOG_TAU_SD)))
    return np.stack([b, a, lt], axis=1)


def _data_variances(info: np.ndarray, dd: PiledRatings) -> np.ndarray:
    """(k, 2) variances of severity and scale use from the data's information alone.

    The noise keeps its prior: with a few dozen ratings the data alone hardly pin it,
    the 3 x 3 information is then nearly singular, and the ratio of two such variances
    swung an interviewer's sd by 3x from one run to the next (one-value raters, 30
    organisations: quiet interviewers' severity sds 0.15 <-> 0.42 points).
    """
    _, s2_b, _, s2_a, _ = dd.prior
    data = info.copy()
    data[:, 0, 0] -= 1.0 / s2_b
    data[:, 1, 1] -= 1.0 / s2_a
    data = data + 1e-9 * np.eye(3)
    inv = np.linalg.inv(data)
    return np.stack([inv[:, 0, 0], inv[:, 1, 1]], axis=1)


def latent_spread(th: np.ndarray, info: np.ndarray, s2_a: float) -> tuple[float, float]:
    """Mean and variance of the scale uses on the latent scale, by marginal likelihood.

    Each refitted interviewer's Tobit posterior (mode ``th`` (k, 3), information
    ``info`` with the priors, the scale use's prior ``N(1, s2_a)``) is turned back into
    what their ratings say of their scale use alone, ``N(x_i, d_i)``: the scale use's
    prior taken out by one Newton step from the mode (severity and noise keep their
    priors and are integrated out). The mean and variance maximising ``prod_i N(x_i;
    mu, s2 + d_i)`` follow by EM. On a coarse scale the face-value fit reads the
    spread short where wide stretches run into the ends (end piling: the EM's ``s2_a``
    0.145 against a true 0.356), and scale uses refitted with it as their prior stayed
    shrunk beyond their information (docs/benchmarks.md, section 5, branch `ends`).
    The variance is kept at least ``s2_a mu^2`` (the face-value spread relative to the
    mean): on a handful of interviewers the estimate can read 0. Under ``LATENT_MIN``
    interviewers read with positive information, the face-value prior ``(1, s2_a)``
    is returned.
    """
    data = info.copy()
    data[:, 1, 1] -= 1.0 / s2_a
    ok = smallest_eigenvalue_bounds(data) > 0
    if ok.sum() < LATENT_MIN:
        return 1.0, s2_a
    d = np.linalg.inv(data[ok])[:, 1, 1]
    x = th[ok, 1] + d * (th[ok, 1] - 1.0) / s2_a
    mu, s2 = 1.0, s2_a
    for _ in range(LATENT_EM_STEPS):
        shrink = s2 / (s2 + d)
        post = mu + shrink * (x - mu)
        mu = float(np.mean(post))
        s2_new = float(np.mean((post - mu) ** 2 + shrink * d))
        done = abs(s2_new - s2) < 1e-6 * s2
        s2 = s2_new
        if done:
            break
    return mu, max(s2, s2_a * mu**2)


def interval_refit(
    u: np.ndarray,
    rater: np.ndarray,
    g: np.ndarray,
    o: np.ndarray,
    h: np.ndarray,
    q: np.ndarray,
    b: np.ndarray,
    a: np.ndarray,
    s2_i: np.ndarray,
    priors: tuple[float, float],
    half: float,
    one_value: np.ndarray | None = None,
) -> Refit:
    """Refit severity and scale use of the interviewers who pile ratings on an end.

    Parameters
    ----------
    u : (n,) float array
        Ratings in [0, 1].
    rater, g : (n,) int arrays
        Interviewer and interview of each rating.
    o, h : (n,) float arrays
        Each rating's offset outside the stretch and the standing it stretches (the
        candidate given their other interviews, plus the rating's profile).
    q : (G,) float array
        Variance of each interview's impression given the candidate's other interviews.
    b, a, s2_i : (I,) float arrays
        The face-value fit's severities, scale uses and noise variances.
    priors : (float, float)
        The severities' and scale uses' prior variances (around 0 and 1).
    half : float
        Half a scale point in [0, 1] units (the ends' thresholds are this far inside).
    one_value : (I,) bool array, optional
        Interviewers who give one value: not refitted (nothing to fit a stretch on);
        if that value is an end, their ratings keep END_SHARE_CLIP of the information
        (they only bound the severity).

    Returns
    -------
    Refit
        Face value (shares 1) for interviewers with fewer than END_SHARE_MIN of
        their ratings on either end.
    """
    n_i = len(b)
    p_lo, p_hi = end_shares(u, rater, n_i)
    refitted = (p_lo >= END_SHARE_MIN) | (p_hi >= END_SHARE_MIN)
    out = Refit(b.copy(), a.copy(), np.ones(n_i), np.ones(n_i), refitted, np.full(n_i, np.nan))
    if one_value is not None:
        # All their ratings on an end, or none: they keep no information, or all of it.
        stuck = refitted & one_value
        out.share_b[stuck] = out.share_a[stuck] = END_SHARE_CLIP
        refitted &= ~one_value
    if not refitted.any():
        return out
    pos = np.full(n_i, -1)
    pos[refitted] = np.arange(int(refitted.sum()))
    # The refitted interviewers' ratings by position (gathers, not repeated masks).
    sel = np.flatnonzero(refitted[rater])
    idx = np.flatnonzero(refitted)
    k = len(idx)
    calm = s2_i[~refitted] if (~refitted).any() else s2_i
    log_tau0 = np.full(k, np.log(float(np.median(calm))))
    who = pos[rater[sel]]
    qbar = np.bincount(who, q[g[sel]], k) / np.bincount(who, minlength=k)
    us = u[sel]
    on_end = on_an_end(us)
    inner, end = sel[~on_end], sel[on_end]
    wi, hi_, yi = who[~on_end], h[inner], u[inner] - o[inner]
    stats = np.stack(
        [np.bincount(wi, minlength=k).astype(np.float64)]
        + [np.bincount(wi, x, k) for x in (hi_, hi_**2, yi, hi_ * yi, yi**2)],
        axis=1,
    )
    ue = u[end]
    dd = PiledRatings(
        ue,
        np.where(ue <= 1e-9, -1, 1).astype(np.int8),
        o[end],
        h[end],
        who[on_end],
        qbar,
        stats,
        half,
        k,
        (np.zeros(k), priors[0], np.ones(k), priors[1], log_tau0),
    )
    start = _least_squares_start(dd)
    twin, info_twin = _newton(start, dd, censored=False)
    tobit, info_tobit = _newton(twin, dd, censored=True)
    var_twin, var_tobit = _data_variances(info_twin, dd), _data_variances(info_tobit, dd)
    share = np.clip(var_twin / np.maximum(var_tobit, 1e-300), END_SHARE_CLIP, 1.0)
    out.share_b[idx], out.share_a[idx] = share[:, 0], share[:, 1]
    # The Tobit again, its scale uses' prior at their latent mean and spread.
    out.mu_a, out.s2_a = latent_spread(tobit, info_tobit, priors[1])
    latent = replace(dd, prior=(*dd.prior[:2], np.full(k, out.mu_a), out.s2_a, dd.prior[4]))
    tobit, info_tobit = _newton(tobit, latent, censored=True)
    out.b[idx] = b[idx] + tobit[:, 0] - twin[:, 0]
    out.a[idx] = np.maximum(a[idx] + tobit[:, 1] - twin[:, 1], A_MIN)
    # The refitted scale use's own variance: (severity, scale use, log noise) under the
    # censored likelihood and their priors, the noise integrated out (holding it at its
    # estimate left the quiet interviewers' sds too narrow where the noise's prior
    # dominates; docs/benchmarks.md, section 5, branch `sds3`).
    # Where Newton stopped short of a maximum (information not positive definite) the
    # face-value variance stays.
    sure = smallest_eigenvalue_bounds(info_tobit) > 0
    out.var_a[idx[sure]] = np.linalg.inv(info_tobit[sure])[:, 1, 1]
    return out
