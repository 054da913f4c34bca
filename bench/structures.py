"""Structures of simulated organisations: the engine's own model and ways to depart from it.

``bench.simulate.simulate(cfg, seed, structure)`` asks its ``Structure`` for the parts
of the generating model that the stress suite (``bench.stress``) changes: how talent,
severities, which competencies each scorecard rates, the interview calendar, drift of
leniency over time and one-value raters are drawn. The base class is the default model
(Gaussian talent and severities, random order, no drift) and draws exactly the random
numbers ``simulate`` always drew, so default simulations are unchanged.

Every structure keeps what an oracle needs: the per-scorecard offsets (drift included),
which ratings carry information, and, for non-Gaussian talent, the log ratio of the
true prior to the Gaussian one (``bench.oracle`` then samples by Metropolis within
Gibbs).
"""

from __future__ import annotations

import numpy as np


class Structure:
    """The default generating model (the engine's own structure)."""

    name = "default"

    def severity(self, rng: np.random.Generator, sd: float, n: int) -> np.ndarray:
        """Interviewer severities in rating points (``sd`` already in points)."""
        return rng.normal(0.0, sd, n)

    def talent(self, z: np.ndarray) -> np.ndarray:
        """Standardised talent per competency from correlated standard normals ``z``."""
        return z

    def log_prior_ratio(self, theta_std: np.ndarray, corr: float) -> np.ndarray | None:
        """log p_true(theta) - log p_gauss(theta) per candidate, up to a constant.

        ``theta_std`` is talent in standard units (``n, K``); ``None`` means Gaussian.
        """
        return None

    def candidate_days(self, rng, job_start, cand_job, true) -> np.ndarray:
        """Each candidate's on-site day (days since the epoch, fractional)."""
        return job_start[cand_job] + rng.uniform(0.0, 14.0, cand_job.size)

    def rated(
        self, rng, int_idx: np.ndarray, n_int: int, n_comp: int, p_rated: float
    ) -> np.ndarray:
        """Which competencies each scorecard rates: each with ``p_rated``, at least two."""
        keys = rng.random((int_idx.size, n_comp))
        return (keys < p_rated) | (np.argsort(np.argsort(keys, axis=1), axis=1) < 2)

    def drift(self, rng, int_idx, seconds, n_int, unit) -> np.ndarray:
        """Per scorecard: the interviewer's leniency at that time minus their severity."""
        return np.zeros(int_idx.size)

    def fixed_values(self, rng, typical: np.ndarray) -> np.ndarray:
        """Per interviewer, the one value they always give, or NaN (rates normally)."""
        return np.full(typical.size, np.nan)


class LognormalTalent(Structure):
    """Skewed talent: each competency a standardised lognormal of a correlated normal.

    ``sigma`` 0.6 gives a skewness of about 2.3: a few candidates far above the rest.
    """

    name = "lognormal talent"

    def __init__(self, sigma: float = 0.6):
        self.sigma = sigma
        self.m = np.exp(sigma**2 / 2)
        self.s = np.sqrt((np.exp(sigma**2) - 1) * np.exp(sigma**2))

    def talent(self, z):
        return (np.exp(self.sigma * z) - self.m) / self.s

    def log_prior_ratio(self, theta_std, corr):
        k = theta_std.shape[1]
        arg = theta_std * self.s + self.m
        ok = (arg > 0).all(axis=1)
        z = np.log(np.where(arg > 0, arg, 1.0)) / self.sigma
        r_inv = np.linalg.inv(corr + (1 - corr) * np.eye(k))
        quad_z = np.einsum("ca,ab,cb->c", z, r_inv, z)
        quad_t = np.einsum("ca,ab,cb->c", theta_std, r_inv, theta_std)
        # Change of variables: |dz/dtheta| = 1 / (sigma * exp(sigma z) / s) per competency.
        out = -0.5 * quad_z + 0.5 * quad_t - self.sigma * z.sum(axis=1)
        return np.where(ok, out, -np.inf)


class HeavyTailedSeverity(Structure):
    """Severities from a t distribution with 3 df, scaled to the configured SD."""

    name = "t3 severities"

    def severity(self, rng, sd, n):
        return rng.standard_t(3, n) * sd / np.sqrt(3.0)


class SparseCoverage(Structure):
    """Each interviewer always rates the same 2-3 of the job's competencies (their focus)."""

    name = "sparse coverage"

    def __init__(self, per_interviewer: tuple[int, int] = (2, 3)):
        self.per_interviewer = per_interviewer

    def rated(self, rng, int_idx, n_int, n_comp, p_rated):
        keys = rng.random((n_int, n_comp))
        k = rng.integers(self.per_interviewer[0], self.per_interviewer[1] + 1, n_int)
        focus = np.argsort(np.argsort(keys, axis=1), axis=1) < k[:, None]
        return focus[int_idx]


class SharedOrder(Structure):
    """A job's candidates come on consecutive days in order of true standing, strongest first.

    Every panelist therefore meets the job's candidates in one common, quality-sorted
    order: the design in which a lag-1 contrast term and the order cannot be told apart.
    """

    name = "shared order"

    def candidate_days(self, rng, job_start, cand_job, true):
        # Rank within the job (jobs' candidates are contiguous), strongest first.
        order = np.lexsort((-true, cand_job))
        first = np.searchsorted(cand_job[order], cand_job[order])
        rank = np.empty(cand_job.size)
        rank[order] = np.arange(cand_job.size) - first
        # Whole days, so that consecutive candidates never share a day.
        return np.floor(job_start[cand_job]) + rank + 0.5


class Drift(Structure):
    """Leniency that drifts slowly: a sine of period 4-12 months per interviewer.

    Over interviewers and time the drift has SD ``sd`` units (0.3 against a severity
    SD of 0.4), so a busy interviewer's leniency moves by about half a point in a year.
    """

    name = "drift"

    def __init__(self, sd: float = 0.3):
        self.sd = sd

    def drift(self, rng, int_idx, seconds, n_int, unit):
        amp = rng.normal(0.0, self.sd * unit * np.sqrt(2.0), n_int)
        period = rng.uniform(120.0, 365.0, n_int) * 86400
        phase = rng.uniform(0.0, 2 * np.pi, n_int)
        return amp[int_idx] * np.sin(2 * np.pi * seconds / period[int_idx] + phase[int_idx])


class WanderingDrift(Structure):
    """Leniency that wanders with no period: a smooth random path per interviewer.

    The control for :class:`Drift` (issue #11): the same size of drift over interviewers
    and time (SD ``sd`` units, each interviewer's own SD a half-normal multiple of it, as
    the sine's amplitude is), but each interviewer's path an exact draw, at their
    interview times, of a stationary Gaussian process with squared-exponential
    covariance of length scale 30-120 days: smooth, slow and never periodic. A drift
    model fitted to the sine would read this worse than a generic one.
    """

    name = "wandering drift"

    def __init__(self, sd: float = 0.3, scale_days: tuple[float, float] = (30.0, 120.0)):
        self.sd = sd
        self.scale_days = scale_days

    def parameters(self, rng, n_int, unit) -> tuple[np.ndarray, np.ndarray]:
        """Each interviewer's drift SD (in rating points) and length scale (seconds).

        Drawn first by :meth:`drift`; a separate method so that ``bench.drift_bound``
        can read the truth a Bayes estimate under this family would be given.
        """
        own_sd = np.abs(rng.normal(0.0, self.sd * unit, n_int))
        scale = rng.uniform(*self.scale_days, n_int) * 86400
        return own_sd, scale

    def drift(self, rng, int_idx, seconds, n_int, unit):
        own_sd, scale = self.parameters(rng, n_int, unit)
        out = np.zeros(int_idx.size)
        order = np.argsort(int_idx, kind="stable")
        ends = np.cumsum(np.bincount(int_idx, minlength=n_int))[:-1]
        for i, at in enumerate(np.split(order, ends)):
            if at.size == 0:
                continue
            dt = (seconds[at, None] - seconds[None, at]) / scale[i]
            cov = np.exp(-0.5 * dt * dt) + 1e-6 * np.eye(at.size)
            # Eigenvectors, not Cholesky: the kernel matrix of close interviews is
            # singular to rounding.
            val, vec = np.linalg.eigh(cov)
            path = vec @ (np.sqrt(np.maximum(val, 0.0)) * rng.normal(size=at.size))
            out[at] = own_sd[i] * path
        return out


class OneValueRaters(Structure):
    """A share of interviewers give the same rating to everything (their typical one)."""

    name = "one-value raters"

    def __init__(self, share: float = 0.15):
        self.share = share

    def fixed_values(self, rng, typical):
        fixed = rng.random(typical.size) < self.share
        return np.where(fixed, typical, np.nan)


class EndPiling(Structure):
    """Lenient and harsh raters: severities a mixture, so ratings pile at both ends.

    A third of interviewers are lenient (``shift`` severity SDs above 0), a quarter harsh
    (as far below), the rest ordinary; with decisive scale use (``scale_use_sd`` 0.5 in
    the scenario) at least a third of ratings on a 1-4 scale land on 1 or 4.
    """

    name = "end piling"

    def __init__(self, shift: float = 3.5, lenient: float = 1 / 3, harsh: float = 0.25):
        self.shift, self.lenient, self.harsh = shift, lenient, harsh

    def severity(self, rng, sd, n):
        u = rng.random(n)
        centre = np.where(u < self.lenient, self.shift, 0.0)
        centre = np.where(u > 1 - self.harsh, -self.shift, centre)
        return sd * (centre + rng.normal(0.0, 0.75, n))
