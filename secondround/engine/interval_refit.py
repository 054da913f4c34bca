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
noise reading's information added by :func:`~secondround.engine.propagation.
reported_scale_use`): the refit takes out the clipping bias of a busy interviewer's
face-value scale use, which the face-value variance had happened to cover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

from .ordinal import mirrored_mass
from .rater_sds import END_SHARE_CLIP, END_SHARE_MIN

NEWTON_STEPS = 10
# An interviewer's Newton steps stop once a step taken moved severity and scale use
# less than this ([0, 1] units: 0.004 of a point on a 1-5 scale). Newton converges
# quadratically, so what is left after such a step is far smaller still.
STEP_TOL = 1e-3
# Largest Newton step in (severity, scale use, log noise), [0, 1] units.
STEP_CAP = np.array([0.25, 0.5, 1.0])
# Prior on each interviewer's log noise variance, around the median noise of the
# interviewers with no pile on an end (sd 0.5 on the log scale: a factor 1.6 either
# way). It keeps an interviewer with nearly every rating on an end (hardly any
# interior rating to read noise from) at a plausible noise. Centred on their own
# face-value noise it held them near 0 (their ratings, all on the end, look
# noiseless at face value), and the Tobit then read the few interior ratings as
# sharp: t3 severities, 30 organisations, the 8 busy interviewers with over 60% on an
# end had z SD 29. Busy / quiet severity z SD with sd 2 / 1 / 0.5 / 0.25: t3 3.32 /
# 1.59 / 1.22 / 1.16 (busy), end piling 1.16 / 1.18 / 1.19 / 1.21 (busy; severity
# RMSE 0.0917 / 0.0921 / 0.0931 / 0.0947 points).
LOG_TAU_SD = 0.5
A_MIN = 0.05


@dataclass
class Refit:
    """The refitted severities and scale uses, and their information shares."""

    b: np.ndarray  # (I,) severity on the latent scale
    a: np.ndarray  # (I,) scale use on the latent scale
    share_b: np.ndarray  # (I,) information on severity kept by the censored ratings
    share_a: np.ndarray  # (I,) same, scale use
    refitted: np.ndarray  # (I,) bool: had at least END_SHARE_MIN of ratings on an end
    var_a: np.ndarray  # (I,) scale use's variance under the Tobit, priors in (NaN if not refitted)


@dataclass
class _Data:
    """The piled interviewers' ratings, as the refit reads them.

    Each interviewer's standings enter with one variance, their ratings' mean ``q``:
    then their interior ratings' likelihood depends on six sums only (``stats``), and
    only the ratings on an end are read one by one.
    """

    u: np.ndarray  # (n_e,) rating on an end, in [0, 1]
    side: np.ndarray  # (n_e,) -1 bottom end, +1 top end
    o: np.ndarray  # (n_e,) offset outside the stretch
    h: np.ndarray  # (n_e,) standing given the candidate's other interviews
    who: np.ndarray  # (n_e,) position of the rating's interviewer among the refitted
    qbar: np.ndarray  # (k,) mean variance of the standings (halo included)
    stats: np.ndarray  # (k, 6) interior ratings: count, sum h, h^2, y, h y, y^2 (y = u - o)
    half: float  # half a scale point
    k: int  # refitted interviewers
    prior: tuple[np.ndarray, float, np.ndarray, float, np.ndarray]  # b0, s2_b, a0, s2_a, log tau0


def end_shares(u: np.ndarray, rater: np.ndarray, n_i: int) -> tuple[np.ndarray, np.ndarray]:
    """Each interviewer's share of ratings on the bottom and top ends."""
    count = np.maximum(np.bincount(rater, minlength=n_i), 1)
    return (
        np.bincount(rater[u <= 1e-9], minlength=n_i) / count,
        np.bincount(rater[u >= 1 - 1e-9], minlength=n_i) / count,
    )


# Open ends as finite bounds this many sds away: their density underflows to exactly
# 0, so the derivative formulas need no special case for infinite bounds.
FAR = 1e6


_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


def _open_mass(al: np.ndarray, be: np.ndarray) -> tuple[np.ndarray, ...]:
    """:func:`~secondround.engine.ordinal.mirrored_mass` for intervals open on one side.

    Each interval has one bound at ``-FAR`` or ``FAR``: mirrored, it is
    ``(-FAR, b)``, whose mass is ``Phi(b)`` and whose density at ``-FAR`` underflows
    to 0. The same numbers, bit for bit, without the second ``log_ndtr`` (the Tobit's
    ratings on an end are all such).
    """
    flip = (al + be) > 0
    b = np.where(flip, -al, be)
    log_z = log_ndtr(b)
    rb = np.exp(-0.5 * b * b - _LOG_SQRT_2PI - log_z)
    return flip, np.full_like(b, -FAR), b, log_z, np.zeros_like(b), rb


def _interval_terms(
    lo: np.ndarray, hi: np.ndarray, mu: np.ndarray, s: np.ndarray, open_side: bool = False
) -> tuple:
    """log P(lo < y* < hi) for y* ~ N(mu, s^2), its first and second derivatives in (mu, s).

    Stable far in the tails: an interval above the mean is mirrored below it, where
    both cumulative probabilities are small and ``log_ndtr`` is exact. With
    ``r_a = phi(alpha) / Z`` (``alpha = (lo - mu) / s``) and ``r_b`` likewise::

        d/dmu = (r_a - r_b) / s,  d/ds = (alpha r_a - beta r_b) / s

    ``open_side``: every interval is open on one side (see :func:`_open_mass`).
    """
    al = np.maximum((lo - mu) / s, -FAR)
    be = np.minimum((hi - mu) / s, FAR)
    flip, al, be, log_z, ra, rb = (_open_mass if open_side else mirrored_mass)(al, be)
    sign = np.where(flip, -1.0, 1.0)  # mirroring flips the odd derivatives in mu
    d1 = ra - rb
    m1 = al * ra - be * rb
    a2r, b2r = al * al * ra, be * be * rb
    m2 = a2r - b2r
    # al * (al^2 ra), not al**3 * ra: numpy's power with exponent 3 calls pow(), which
    # took 40 ms of this function's 50 at a million ratings (they agree to 1 ulp).
    m3 = al * a2r - be * b2r
    inv = 1.0 / s
    g_mu, g_s = sign * d1 * inv, m1 * inv
    h_mumu = (m1 - d1 * d1) * inv * inv
    h_mus = sign * (m2 - d1 - d1 * m1) * inv * inv
    h_ss = (m3 - 2.0 * m1 - m1 * m1) * inv * inv
    return log_z, g_mu, g_s, h_mumu, h_mus, h_ss


def _interior_terms(th: np.ndarray, dd: _Data) -> tuple[np.ndarray, ...]:
    """Interior ratings' log-likelihood, gradient and Hessian per interviewer, from sums.

    ``l = -n/2 log v - R / (2 v)`` with ``v = tau + a^2 qbar + w^2 / 12`` and ``R`` the
    sum of squared residuals, a quadratic in (b, a).
    """
    b, a, lt = th[:, 0], th[:, 1], th[:, 2]
    n, sh, shh, sy, shy, syy = dd.stats.T
    tau, q = np.exp(lt), dd.qbar
    v = tau + a * a * q + dd.half**2 / 3.0
    big_r = syy - 2 * b * sy - 2 * a * shy + n * b * b + 2 * a * b * sh + a * a * shh
    r_b = 2 * (n * b + a * sh - sy)
    r_a = 2 * (sh * b + a * shh - shy)
    v_a, v_aa, v_l = 2 * a * q, 2 * q, tau
    iv = 1.0 / v
    iv2, iv3 = iv * iv, iv * iv * iv
    ll = -0.5 * n * np.log(v) - 0.5 * big_r * iv - 0.5 * n * np.log(2 * np.pi)
    grad = np.stack(
        [
            -0.5 * r_b * iv,
            -0.5 * n * v_a * iv - 0.5 * r_a * iv + 0.5 * big_r * v_a * iv2,
            -0.5 * n * v_l * iv + 0.5 * big_r * v_l * iv2,
        ],
        axis=1,
    )
    hess = np.empty((dd.k, 3, 3))
    hess[:, 0, 0] = -n * iv
    hess[:, 0, 1] = hess[:, 1, 0] = -sh * iv + 0.5 * r_b * v_a * iv2
    hess[:, 0, 2] = hess[:, 2, 0] = 0.5 * r_b * v_l * iv2
    hess[:, 1, 1] = (
        -0.5 * n * v_aa * iv
        + 0.5 * n * v_a * v_a * iv2
        - shh * iv
        + r_a * v_a * iv2
        + 0.5 * big_r * v_aa * iv2
        - big_r * v_a * v_a * iv3
    )
    hess[:, 1, 2] = hess[:, 2, 1] = (
        0.5 * n * v_a * v_l * iv2 + 0.5 * r_a * v_l * iv2 - big_r * v_a * v_l * iv3
    )
    hess[:, 2, 2] = -0.5 * n * (v_l * iv - v_l * v_l * iv2) + 0.5 * big_r * (
        v_l * iv2 - 2 * v_l * v_l * iv3
    )
    return ll, grad, hess


def _terms(th: np.ndarray, dd: _Data, censored: bool) -> tuple[np.ndarray, ...]:
    """Per-interviewer log-likelihood (+ prior), gradient (k, 3) and Hessian (k, 3, 3).

    Every rating is the interval half a scale point either side of it (the interior
    ones as their midpoint with the rounding's variance, ``_interior_terms``); with
    ``censored`` the ends' intervals are open (the Tobit reading), without it closed
    like the others (the face-value twin).
    """
    b, a, lt = th[:, 0], th[:, 1], th[:, 2]
    k = dd.k
    total, grad, hess = _interior_terms(th, dd)
    w = dd.who
    tau, a_r, q = np.exp(lt)[w], a[w], dd.qbar[w]
    mu = dd.o + b[w] + a_r * dd.h
    s2 = tau + a_r * a_r * q
    s = np.sqrt(s2)
    lo, hi = dd.u - dd.half, dd.u + dd.half
    if censored:
        lo = np.where(dd.side < 0, -np.inf, lo)
        hi = np.where(dd.side > 0, np.inf, hi)
    # The refit reads only ratings on an end (the interior ones are in the sums above):
    # censored, each is open beyond its end.
    ll, g_mu, g_s, h_mm, h_ms, h_ss = _interval_terms(lo, hi, mu, s, open_side=censored)
    # Chain rule to (b, a, log tau): mu = o + b + a h, s = sqrt(tau + a^2 q).
    # Written out (b enters mu only, log tau s only), half the work of a generic loop.
    h = dd.h
    inv_s = 1.0 / s
    qt_s3 = q * tau * inv_s / s2
    ds_a = a_r * q * inv_s
    ds_l = 0.5 * tau * inv_s
    ms_h = h_ms * h
    b0, s2_b, a0, s2_a, lt0 = dd.prior
    total = total + np.bincount(w, ll, k)
    total -= 0.5 * ((b - b0) ** 2 / s2_b + (a - a0) ** 2 / s2_a + (lt - lt0) ** 2 / LOG_TAU_SD**2)
    grad[:, 0] += np.bincount(w, g_mu, k)
    grad[:, 1] += np.bincount(w, g_mu * h + g_s * ds_a, k)
    grad[:, 2] += np.bincount(w, g_s * ds_l, k)
    hss_a = h_ss * ds_a
    entries = {
        (0, 0): h_mm,
        (0, 1): h_mm * h + h_ms * ds_a,
        (0, 2): h_ms * ds_l,
        (1, 1): (h_mm * h + 2.0 * h_ms * ds_a) * h + hss_a * ds_a + g_s * qt_s3,
        (1, 2): (ms_h + hss_a) * ds_l - 0.5 * g_s * a_r * qt_s3,
        (2, 2): h_ss * ds_l * ds_l + g_s * (ds_l - 0.25 * tau * tau * inv_s / s2),
    }
    for (j, m), term in entries.items():
        hess[:, j, m] += np.bincount(w, term, k)
        if j != m:
            hess[:, m, j] = hess[:, j, m]
    prior_prec = np.stack(
        [np.full(k, 1.0 / s2_b), np.full(k, 1.0 / s2_a), np.full(k, 1.0 / LOG_TAU_SD**2)], axis=1
    )
    grad -= prior_prec * (th - np.stack([b0, a0, lt0], axis=1))
    hess[:, [0, 1, 2], [0, 1, 2]] -= prior_prec
    return total, grad, hess


def _subset(dd: _Data, keep: np.ndarray) -> _Data:
    """The interviewers ``keep`` (k,) bool, renumbered."""
    pos = np.cumsum(keep) - 1
    r = keep[dd.who]
    b0, s2_b, a0, s2_a, lt0 = dd.prior
    return _Data(
        dd.u[r],
        dd.side[r],
        dd.o[r],
        dd.h[r],
        pos[dd.who[r]],
        dd.qbar[keep],
        dd.stats[keep],
        dd.half,
        int(keep.sum()),
        (b0[keep], s2_b, a0[keep], s2_a, lt0[keep]),
    )


def smallest_eigenvalues(m: np.ndarray, floor: float = 5e-10) -> np.ndarray:
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


def _newton(th: np.ndarray, dd: _Data, censored: bool) -> tuple[np.ndarray, np.ndarray]:
    """Maximise the penalised likelihood by damped Newton steps, for all interviewers at once.

    One evaluation per step: a step that lowers an interviewer's objective is not
    taken, and their next step is half as long. An interviewer whose step fell below
    STEP_TOL stops, and the next steps read only the others' ratings (most stop after
    two or three). Returns the estimate and the observed information (negative
    Hessian, prior included).
    """
    th = th.copy()
    obj, grad, hess = _terms(th, dd, censored)
    scale = np.ones(dd.k)
    active = np.ones(dd.k, bool)
    sub = dd
    for _ in range(NEWTON_STEPS):
        at = np.flatnonzero(active)
        info = -hess[at]
        # Levenberg damping where the Hessian is not negative definite.
        info = info + np.maximum(1e-9 - 2 * smallest_eigenvalues(info), 0.0)[
            :, None, None
        ] * np.eye(3)
        step = np.linalg.solve(info, grad[at][:, :, None])[:, :, 0]
        step = np.clip(step, -STEP_CAP, STEP_CAP) * scale[at, None]
        trial = th[at] + step
        trial[:, 1] = np.maximum(trial[:, 1], A_MIN)
        new_obj, new_grad, new_hess = _terms(trial, sub, censored)
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
            sub = _subset(sub, ~done)
    return th, -hess


def _least_squares_start(dd: _Data) -> np.ndarray:
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


def _data_variances(info: np.ndarray, dd: _Data) -> np.ndarray:
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
    on_end = (us <= 1e-9) | (us >= 1 - 1e-9)
    inner, end = sel[~on_end], sel[on_end]
    wi, hi_, yi = who[~on_end], h[inner], u[inner] - o[inner]
    stats = np.stack(
        [np.bincount(wi, minlength=k).astype(np.float64)]
        + [np.bincount(wi, x, k) for x in (hi_, hi_**2, yi, hi_ * yi, yi**2)],
        axis=1,
    )
    ue = u[end]
    dd = _Data(
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
    out.b[idx] = b[idx] + tobit[:, 0] - twin[:, 0]
    out.a[idx] = np.maximum(a[idx] + tobit[:, 1] - twin[:, 1], A_MIN)
    var_twin, var_tobit = _data_variances(info_twin, dd), _data_variances(info_tobit, dd)
    share = np.clip(var_twin / np.maximum(var_tobit, 1e-300), END_SHARE_CLIP, 1.0)
    out.share_b[idx], out.share_a[idx] = share[:, 0], share[:, 1]
    # The refitted scale use's own variance: (severity, scale use, log noise) under the
    # censored likelihood and their priors, the noise integrated out (holding it at its
    # estimate left the quiet interviewers' sds too narrow where the noise's prior
    # dominates; docs/benchmarks.md, section 5, branch `sds3`).
    # Where Newton stopped short of a maximum (information not positive definite) the
    # face-value variance stays.
    sure = smallest_eigenvalues(info_tobit) > 0
    out.var_a[idx[sure]] = np.linalg.inv(info_tobit[sure])[:, 1, 1]
    return out
