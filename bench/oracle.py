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
from dataclasses import dataclass

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


@dataclass
class Layout:
    """An organisation's ratings laid out for the sampler: each candidate's scorecards
    padded into slots ``0..P-1``, and the Gaussian conditional of the candidate's
    standings and impressions given the perceived values (which needs no rater parameter:
    on the perceived scale the noise has the same sd for every rater).

    ``card_slot`` places each scorecard; ``lo_r``/``hi_r`` are each rating's rounding
    interval on the rating scale; ``rated`` marks the ratings that carry information.
    """

    cand: np.ndarray
    card_slot: np.ndarray
    n_slot: int
    rated: np.ndarray
    mask: np.ndarray
    lo_r: np.ndarray
    hi_r: np.ndarray
    design: np.ndarray
    sd_eps: float
    cov: np.ndarray
    chol: np.ndarray
    weights: np.ndarray
    job_first: np.ndarray
    t_unit: float
    log_prior_ratio: Callable[[np.ndarray], np.ndarray] | None

    def pad(self, per_card: np.ndarray, fill: float) -> np.ndarray:
        """Per-scorecard values ``(n_cards, K)`` in the padded ``(n_c, P, K)`` layout."""
        out = np.full((self.mask.shape[0], self.n_slot, per_card.shape[1]), fill)
        out[self.cand, self.card_slot] = per_card
        return out

    def draw_perceived(
        self, u: np.ndarray, x_lo: np.ndarray, x_hi: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """Perceived values, each in its interval, given standings and impressions ``u``."""
        mu_x = np.einsum("jka,ca->cjk", self.design, u)
        return _truncnorm(mu_x, self.sd_eps, x_lo, x_hi, rng) * self.mask

    def draw_standings(
        self, x: np.ndarray, u: np.ndarray, log_w: np.ndarray | None, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Standings and impressions given the perceived values: a draw ``u``, the
        conditional mean ``mu_u`` and, for a non-Gaussian prior, the kept draws' log
        prior ratio (independence Metropolis-Hastings)."""
        rhs = np.einsum("cjk,jka->ca", x, self.design) / self.sd_eps**2
        mu_u = np.einsum("cab,cb->ca", self.cov, rhs)
        prop = mu_u + np.einsum("cab,cb->ca", self.chol, rng.normal(size=u.shape))
        if log_w is None:
            return prop, mu_u, None
        n_comp = self.weights.shape[1]
        log_w_prop = self.log_prior_ratio(prop[:, :n_comp] / self.t_unit)
        take = np.log(rng.random(u.shape[0])) < log_w_prop - log_w
        return np.where(take[:, None], prop, u), mu_u, np.where(take, log_w_prop, log_w)

    def start(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The sampler's starting ``u`` (all zero) and its log prior ratio."""
        u = np.zeros((self.mask.shape[0], self.design.shape[2]))
        n_comp = self.weights.shape[1]
        lpr = self.log_prior_ratio
        return u, None if lpr is None else lpr(u[:, :n_comp] / self.t_unit)


class Tally:
    """Running posterior mean of the overall standing and P(best) in the job.

    Rao-Blackwell where the conditional is exact (Gaussian talent): the conditional
    mean is averaged, not the draw.
    """

    def __init__(self, lay: Layout):
        self.lay = lay
        n_c = lay.mask.shape[0]
        self.sizes = np.diff(np.r_[lay.job_first, n_c])
        self.mean_sum, self.best_count, self.n = np.zeros(n_c), np.zeros(n_c), 0

    def add(self, u: np.ndarray, mu_u: np.ndarray, exact: bool) -> None:
        w, n_comp = self.lay.weights, self.lay.weights.shape[1]
        t = (w * u[:, :n_comp]).sum(axis=1)
        self.mean_sum += (w * mu_u[:, :n_comp]).sum(axis=1) if exact else t
        self.best_count += t == np.repeat(np.maximum.reduceat(t, self.lay.job_first), self.sizes)
        self.n += 1

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        return self.mean_sum / self.n, self.best_count / self.n


def layout(
    sim: Simulation,
    log_prior_ratio: Callable[[np.ndarray], np.ndarray] | None = None,
    closed_ends: bool = False,
) -> Layout:
    """Lay out ``sim``'s ratings for the sampler (see :class:`Layout`); ``log_prior_ratio``
    as in :func:`oracle_posterior`, default the simulation's structure's. ``closed_ends``
    reads a rating on the scale's end as face value does, a unit interval like the others,
    instead of open beyond the end (a diagnostic: what reading the ends as bounds is worth)."""
    cfg = sim.config
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
    rated = cards["rated"] & cards.get("informative", True)[..., None]
    mask = np.zeros((n_c, n_slot, n_comp))
    mask[cand, slot] = rated
    r = cards["rating"].astype(float)
    lo_r = np.where((r <= lo) & (not closed_ends), -np.inf, r - 0.5)
    hi_r = np.where((r >= hi) & (not closed_ends), np.inf, r + 0.5)

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
    job = sim.candidates["job_idx"].to_numpy()
    return Layout(
        cand=cand,
        card_slot=slot,
        n_slot=n_slot,
        rated=rated,
        mask=mask,
        lo_r=lo_r,
        hi_r=hi_r,
        design=design,
        sd_eps=sd_eps,
        cov=cov,
        chol=np.linalg.cholesky(cov),
        weights=sim.weights[job],
        job_first=np.flatnonzero(np.r_[True, job[1:] != job[:-1]]),
        t_unit=cfg.true_sd * unit,
        log_prior_ratio=log_prior_ratio,
    )


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
    rng = np.random.default_rng(seed)
    lay = layout(sim, log_prior_ratio)
    # Each rating's latent value lies in its rounding interval; map it to the
    # "perceived" scale by removing the known offset and scale use.
    off = sim.cards["offset"][:, None]
    a = sim.cards["scale_use"][:, None]
    x_lo = lay.pad((lay.lo_r - off) / a, 0.0)
    x_hi = lay.pad((lay.hi_r - off) / a, 1.0)
    u, log_w = lay.start()
    tally = Tally(lay)
    for it in range(burn + n_iter):
        x = lay.draw_perceived(u, x_lo, x_hi, rng)
        u, mu_u, log_w = lay.draw_standings(x, u, log_w, rng)
        if it >= burn:
            tally.add(u, mu_u, exact=log_w is None)
    return tally.result()
