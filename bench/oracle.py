"""The oracle: the best estimate of true standing given every simulated rater parameter.

The oracle knows all the simulator's parameters (each interviewer's severity and scale
use, the job means, halo, the contrast coefficient, the noise SDs, the prior of true
standing); only the candidates' true standings and the noise are hidden. Given those,
candidates are independent a posteriori, and each rating says that its latent value
lies in the rounding interval of the observed category. The oracle's score is the exact
posterior mean of the true overall standing, by Gibbs sampling with data augmentation
(Albert & Chib 1993): latent values from truncated normals, then the candidate's
competency standings and per-interview impressions from their Gaussian conditional.
The posterior mean maximises the expected true standing of the pick, so no estimator
can have a lower expected regret; ordinal rounding still loses information.

Ratings of one-value raters carry no information given their known rule and are left
out; drift of leniency is part of each scorecard's known offset. When talent is not
Gaussian (``Structure.log_prior_ratio``, e.g. lognormal), the step for the candidate's
standings becomes an independence Metropolis-Hastings step (Metropolis within Gibbs):
the Gaussian conditional is the proposal, accepted with the ratio of the true prior to
the Gaussian one, and the score averages the draws (no Rao-Blackwellisation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import ndtr, ndtri

from bench.simulate import Simulation


def _truncnorm(
    mu: np.ndarray, sd: float, lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Draw N(mu, sd) truncated to [lo, hi] by inversion, on the tail side that is stable."""
    a = (lo - mu) / sd
    b = (hi - mu) / sd
    # Invert on the lower tail: for a > 0 draw -z from (-b, -a), where ndtr is accurate.
    flip = a > 0
    a2 = np.where(flip, -b, a)
    b2 = np.where(flip, -a, b)
    pa, pb = ndtr(a2), ndtr(b2)
    u = pa + rng.random(mu.shape) * (pb - pa)
    z = ndtri(np.clip(u, 1e-300, 1 - 1e-16))
    z = np.clip(np.where(flip, -z, z), a, b)
    return mu + sd * z


def oracle_posterior(
    sim: Simulation,
    n_iter: int = 400,
    burn: int = 100,
    seed: int = 0,
    log_prior_ratio: Callable[[np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean of each candidate's true overall standing and P(best) in its job.

    Parameters
    ----------
    sim : Simulation
        A simulated organisation (its hidden parameters are used, not its truth).
    n_iter, burn : int
        Gibbs iterations kept and discarded.
    seed : int
        Seed of the sampler.
    log_prior_ratio : callable, optional
        log p_true - log p_gauss of standardised talent ``(n, K)``, up to a constant;
        default: the simulation's structure's (None when talent is Gaussian). Given,
        the sampler takes Metropolis steps; pass more ``n_iter`` then.

    Returns
    -------
    mean : numpy.ndarray
        Posterior mean of the true overall standing, aligned with ``sim.candidates``.
    p_best : numpy.ndarray
        Posterior probability of being the best of the job.
    """
    cfg = sim.config
    rng = np.random.default_rng(seed)
    lo, hi = cfg.scale
    unit = (hi - lo) / 4.0
    n_comp = cfg.n_competencies
    cards = sim.cards
    n_c = len(sim.candidates)
    cand = cards["cand"]

    # Pad each candidate's scorecards into slots 0..P-1.
    order = np.argsort(cand, kind="stable")
    counts = np.bincount(cand, minlength=n_c)
    slot = np.empty_like(cand)
    slot[order] = np.arange(cand.size) - np.repeat(np.cumsum(counts) - counts, counts)
    n_slot = int(counts.max())
    mask = np.zeros((n_c, n_slot, n_comp))
    mask[cand, slot] = cards["rated"] & cards.get("informative", True)[..., None]
    # Each rating's latent value lies in its rounding interval; map it to the
    # "perceived" scale by removing the known offset and scale use.
    r = cards["rating"].astype(float)
    lo_r = np.where(r <= lo, -np.inf, r - 0.5)
    hi_r = np.where(r >= hi, np.inf, r + 0.5)
    off = cards["offset"][:, None]
    a = cards["scale_use"][:, None]
    x_lo = np.zeros((n_c, n_slot, n_comp))
    x_hi = np.ones((n_c, n_slot, n_comp))
    x_lo[cand, slot] = (lo_r - off) / a
    x_hi[cand, slot] = (hi_r - off) / a

    # perceived[j, k] = (L theta)_k + h e_j + eps, with L = (1-h) I + (h/K) 11'.
    h = cfg.halo
    sd_e = cfg.interview_sd * unit
    sd_eps = cfg.noise_sd * unit
    if h == 0 or sd_e == 0:
        h, sd_e = 0.0, 1.0  # the impression then carries no information: decouple it
    lmat = (1 - h) * np.eye(n_comp) + h / n_comp
    n_par = n_comp + n_slot
    design = np.zeros((n_slot, n_comp, n_par))
    for j in range(n_slot):
        design[j, :, :n_comp] = lmat
        design[j, :, n_comp + j] = h
    rho = cfg.competency_corr
    if log_prior_ratio is None:
        probe = sim.structure.log_prior_ratio(np.zeros((1, n_comp)), rho)
        if probe is not None:
            log_prior_ratio = lambda t: sim.structure.log_prior_ratio(t, rho)  # noqa: E731
    cov_theta = (cfg.true_sd * unit) ** 2 * (rho + (1 - rho) * np.eye(n_comp))
    prior_prec = np.zeros((n_par, n_par))
    prior_prec[:n_comp, :n_comp] = np.linalg.inv(cov_theta)
    prior_prec[n_comp:, n_comp:] = np.eye(n_slot) / sd_e**2
    prec = prior_prec + np.einsum("cjk,jka,jkb->cab", mask, design, design) / sd_eps**2
    cov = np.linalg.inv(prec)
    chol = np.linalg.cholesky(cov)

    w = sim.weights[sim.candidates["job_idx"].to_numpy()]
    job = sim.candidates["job_idx"].to_numpy()
    job_first = np.flatnonzero(np.r_[True, job[1:] != job[:-1]])
    u = np.zeros((n_c, n_par))
    t_unit = cfg.true_sd * unit
    log_w = None if log_prior_ratio is None else log_prior_ratio(u[:, :n_comp] / t_unit)
    mean_sum = np.zeros(n_c)
    best_count = np.zeros(n_c)
    for it in range(burn + n_iter):
        mu_x = np.einsum("jka,ca->cjk", design, u)
        x = _truncnorm(mu_x, sd_eps, x_lo, x_hi, rng) * mask
        rhs = np.einsum("cjk,jka->ca", x, design) / sd_eps**2
        mu_u = np.einsum("cab,cb->ca", cov, rhs)
        prop = mu_u + np.einsum("cab,cb->ca", chol, rng.normal(size=(n_c, n_par)))
        if log_w is None:
            u = prop
        else:
            # Independence Metropolis-Hastings against the true (non-Gaussian) prior.
            log_w_prop = log_prior_ratio(prop[:, :n_comp] / t_unit)
            take = np.log(rng.random(n_c)) < log_w_prop - log_w
            u = np.where(take[:, None], prop, u)
            log_w = np.where(take, log_w_prop, log_w)
        if it >= burn:
            t = (w * u[:, :n_comp]).sum(axis=1)
            # Rao-Blackwell where the conditional is exact: average its mean, not the draw.
            mean_sum += (w * mu_u[:, :n_comp]).sum(axis=1) if log_w is None else t
            best_count += t == np.repeat(
                np.maximum.reduceat(t, job_first), np.diff(np.r_[job_first, n_c])
            )
    return mean_sum / n_iter, best_count / n_iter
