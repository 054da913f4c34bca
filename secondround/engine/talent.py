"""The shape of the talent distribution: an empirical-Bayes correction of the scores.

The model's prior on a candidate's own standing (relative to the job's mean) is
Gaussian, N(0, s2_theta). When talent is skewed (a few candidates far above the
rest) a Gaussian prior pulls exactly those candidates, who decide "best", too far
in, most of all the ones with few ratings. Here the talent distribution g is
estimated on a fixed grid from each candidate's Gaussian likelihood summary
(estimate, se) by Efron's (2016) g-modelling: log g a low-degree polynomial, its
non-Gaussian terms penalised (the unpenalised grid NPMLE of Kiefer & Wolfowitz,
fitted by EM, was tried first and was too rough at 700 candidates: on Gaussian
talent it moved posterior variances by factors of 0.3-2). Each candidate's posterior
mean under g is compared with that under the Gaussian of g's own mean and variance,
and only that *difference* (the shape's effect) is added to the engine's posterior
mean: the level of shrinkage the engine chose (its s2_theta, its rater-noise terms)
is left as it is, so on Gaussian talent, where g comes out near Gaussian, the
correction is near zero.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import interpolate, optimize

from .model import Fit

GRID = 60  # support points of g
N_FIT = 3000  # candidates the EM reads at most (a fixed subsample beyond that)
DEGREE = 4  # log g is a polynomial: 2 would be a Gaussian, 3 adds skew, 4 tails
PENALTY = 1.0  # ridge on the coefficients beyond the Gaussian's (see g_model)
MIN_CANDIDATES = 200  # below this the shape of g is noise: no correction
N_EXACT = 20_000  # beyond this many candidates the correction is interpolated
TABLE = (256, 24)  # its table: estimates x log sampling variances
CHUNK = 20_000  # candidates per block of the posterior moments


def _log_lik(x: np.ndarray, se2: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """(n, K) log N(x_c; grid_k, se2_c), up to a per-row constant (rows are rescaled)."""
    ll = -0.5 * (x[:, None] - grid[None, :]) ** 2 / se2[:, None]
    return ll - ll.max(axis=1, keepdims=True)


def g_model(
    x: np.ndarray,
    se2: np.ndarray,
    grid_size: int = GRID,
    degree: int = DEGREE,
    penalty: float = PENALTY,
) -> tuple[np.ndarray, np.ndarray]:
    """Efron's (2016) g-modelling: the distribution g of true values behind noisy estimates.

    ``log g`` on a fixed grid is a polynomial (Legendre basis over the grid's range)
    of degree ``degree``, fitted by penalised maximum likelihood of the marginal
    density of the estimates. The terms beyond the second (which alone make g a
    Gaussian) carry a ridge penalty: g is shrunk toward a Gaussian, and leaves it
    only as far as the data ask.

    Parameters
    ----------
    x, se2 : (n,) float arrays
        Each unit's estimate and its sampling variance: ``x_c ~ N(theta_c, se2_c)``,
        ``theta_c ~ g``.
    grid_size, degree : int
        Support points (evenly spaced over the range of ``x``) and polynomial degree.
    penalty : float
        Ridge penalty on the coefficients of degree 3 and higher.

    Returns
    -------
    grid, w : (K,) float arrays
        Support points and their weights (positive, summing to 1).
    """
    lo, hi = float(np.min(x)), float(np.max(x))
    if hi - lo < 1e-12:
        return np.array([lo]), np.ones(1)
    grid = np.linspace(lo, hi, grid_size)
    t = np.linspace(-1.0, 1.0, grid_size)
    Q = np.polynomial.legendre.legvander(t, degree)[:, 1:]  # (K, degree), no constant
    lik = np.exp(_log_lik(x, se2, grid))
    pen = np.zeros(degree)
    pen[2:] = penalty

    def weights(beta: np.ndarray) -> np.ndarray:
        eta = Q @ beta
        w = np.exp(eta - eta.max())
        return w / w.sum()

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray]:
        w = weights(beta)
        dens = np.maximum(lik @ w, 1e-300)
        post_sum = w * (lik.T @ (1.0 / dens))  # sum over units of their posteriors
        ll = float(np.sum(np.log(dens)))
        grad = Q.T @ (post_sum - len(x) * w)
        return -ll + 0.5 * float(pen @ beta**2), -grad + pen * beta

    # Start at the Gaussian with the deconvolved variance.
    m = float(np.mean(x))
    var = max(float(np.var(x) - np.mean(se2)), 1e-3 * float(np.var(x)) + 1e-12)
    target = -0.5 * (grid - m) ** 2 / var
    beta0 = np.linalg.lstsq(Q, target - target.mean(), rcond=None)[0]
    beta0[2:] = 0.0
    res = optimize.minimize(objective, beta0, jac=True, method="BFGS")
    return grid, weights(res.x)


def posterior_moments(
    x: np.ndarray, se2: np.ndarray, grid: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and variance of each theta_c under the discrete prior (grid, w)."""
    lw = np.log(np.maximum(w, 1e-300))
    mean, var = np.empty(len(x)), np.empty(len(x))
    for lo in range(0, len(x), CHUNK):  # bounded memory on large inputs
        sl = slice(lo, lo + CHUNK)
        ll = _log_lik(x[sl], se2[sl], grid) + lw[None, :]
        p = np.exp(ll - ll.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        mean[sl] = p @ grid
        var[sl] = np.maximum(p @ grid**2 - mean[sl] ** 2, 0.0)
    return mean, var


def shape_correction(
    x: np.ndarray, se2: np.ndarray, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The talent distribution's shape's effect on each candidate's posterior.

    Parameters
    ----------
    x, se2 : (C,) float arrays
        Each candidate's likelihood summary: estimate of the own standing and its
        sampling variance (finite, se2 > 0).
    seed : int
        Seed of the subsample g is fitted on when there are more than ``N_FIT``.

    Returns
    -------
    shift, ratio : (C,) float arrays
        Posterior mean under g minus that under the Gaussian with g's mean and
        variance, and the ratio of the posterior variances (g over Gaussian). Zero
        and one for fewer than ``MIN_CANDIDATES`` candidates.
    """
    C = len(x)
    if C < MIN_CANDIDATES:
        return np.zeros(C), np.ones(C)
    fit = np.arange(C)
    if C > N_FIT:
        fit = np.sort(np.random.default_rng(seed).choice(C, N_FIT, replace=False))
    grid, w = g_model(x[fit], se2[fit])
    m_g = float(w @ grid)
    v_g = float(w @ (grid - m_g) ** 2)
    if v_g <= 0.0:
        return np.zeros(C), np.ones(C)
    if C <= N_EXACT:
        return _difference(x, se2, grid, w, m_g, v_g)
    # Many candidates: the correction is smooth in (x, log se2), so it is computed
    # on a table and interpolated (the exact moments cost C x GRID exponentials).
    xs = np.linspace(x.min(), x.max(), TABLE[0])
    log_se2 = np.log(se2)
    ls = np.linspace(log_se2.min(), log_se2.max() + 1e-9, TABLE[1])
    X, L = np.meshgrid(xs, ls, indexing="ij")
    shift, ratio = _difference(X.ravel(), np.exp(L.ravel()), grid, w, m_g, v_g)
    at = np.column_stack([x, np.clip(log_se2, ls[0], ls[-1])])
    return tuple(
        interpolate.RegularGridInterpolator((xs, ls), v.reshape(TABLE))(at) for v in (shift, ratio)
    )


def _difference(x, se2, grid, w, m_g, v_g) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and variance under g against those under N(m_g, v_g)."""
    mean, var = posterior_moments(x, se2, grid, w)
    prec = 1.0 / se2 + 1.0 / v_g
    mean_n = (x / se2 + m_g / v_g) / prec
    return mean - mean_n, var * prec


def apply_shape(f: Fit, job_c: np.ndarray, seed: int = 0) -> Fit:
    """The fit with the candidates' posterior means corrected for the shape of talent.

    The likelihood summary of a candidate's own standing is read back from the
    Gaussian posterior: with prior N(0, s2_theta), precision 1 / var_own = 1 / se2
    + 1 / s2_theta and mean own = x * (1 - var_own / s2_theta). The posterior mean
    moves by the shape's shift; the variances are left as they are (scaling them
    by the variance ratio, with the interviewers' loadings, changed neither P(best)'s
    calibration nor the sds' honesty on the stress suite: docs/engine.md).

    Parameters
    ----------
    f : Fit
        From :func:`secondround.engine.model.fit_model`.
    job_c : (C,) int array
        Job of each candidate.
    seed : int
        Seed of the subsample g is fitted on (see :func:`shape_correction`).

    Returns
    -------
    Fit
    """
    shared = 1.0 - f.job_load
    var_own = np.maximum(f.var_dev - shared**2 * f.job_var[job_c], 1e-300)
    keep = 1.0 - var_own / f.s2_theta  # the Gaussian posterior's shrinkage factor
    # A candidate the data say (next to) nothing about is left as it is.
    ok = keep > 1e-6
    shift = np.zeros(len(keep))
    own = f.theta - f.job_mean_c
    shift[ok] = shape_correction(own[ok] / keep[ok], var_own[ok] / keep[ok], seed)[0]
    return replace(f, theta=f.theta + shift)
