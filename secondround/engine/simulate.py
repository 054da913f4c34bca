"""A small simulator of interview ratings with known rater errors.

Used by the tests and the docs' evaluation: severity, scale use, halo, contrast
and ordinal rounding, on unbalanced panels drawn from a larger team.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .table import RatingsTable


@dataclass
class Simulation:
    """A simulated table and its truth (all in rating points)."""

    table: RatingsTable
    theta: dict[str, float]  # candidate -> true standing
    severity: dict[str, float]  # interviewer -> true offset
    scale_use: dict[str, float]  # interviewer -> true stretch
    contrast: float


def simulate(
    n_jobs: int = 200,
    team: int = 40,
    cands: tuple[int, int] = (3, 7),
    panel: tuple[int, int] = (2, 4),
    n_comp: int = 4,
    scale: tuple[int, int] = (1, 5),
    theta_sd: float = 0.6,
    comp_sd: float = 0.3,
    halo_sd: float = 0.4,
    noise_sd: float = 0.5,
    severity_sd: float = 0.5,
    scale_use_sd: float = 0.25,
    contrast: float = -0.1,
    seed: int = 0,
) -> Simulation:
    """Simulate ratings.

    Each job has 3-7 candidates; each candidate meets 2-4 interviewers drawn from
    the team; each interviewer rates every competency. Rating =
    clip(round(mid + b_i + a_i * (theta_c + delta_ck + eta_g + e) + contrast *
    (previous interview's mean rating - mid))).
    """
    rng = np.random.default_rng(seed)
    lo, hi = scale
    mid = (lo + hi) / 2
    b = rng.normal(0, severity_sd, team)
    a = np.exp(rng.normal(0, scale_use_sd, team))
    n_c = rng.integers(cands[0], cands[1] + 1, n_jobs)
    job_c = np.repeat(np.arange(n_jobs), n_c)
    C = len(job_c)
    theta = rng.normal(0, theta_sd, C)
    k_c = np.minimum(rng.integers(panel[0], panel[1] + 1, C), team)
    # Panels: k distinct interviewers per candidate (argsort of random keys).
    keys = rng.random((C, team))
    ranks = np.argsort(keys, axis=1)
    mask = np.arange(team)[None, :] < k_c[:, None]
    cand_g = np.repeat(np.arange(C), k_c)
    rater_g = ranks[mask]
    G = len(cand_g)
    time_g = rng.random(G) * 3e7
    eta = rng.normal(0, halo_sd, G)
    delta = rng.normal(0, comp_sd, (C, n_comp))
    latent = (
        theta[cand_g, None] + delta[cand_g] + eta[:, None] + rng.normal(0, noise_sd, (G, n_comp))
    ) * a[rater_g, None] + (mid + b[rater_g, None])
    # Contrast, sequentially in each interviewer's time order.
    order = np.lexsort((time_g, rater_g))
    pos = np.empty(G, dtype=np.int64)
    start = np.r_[0, np.flatnonzero(np.diff(rater_g[order])) + 1]
    seg = np.repeat(start, np.diff(np.r_[start, G]))
    pos[order] = np.arange(G) - seg
    prev = np.full(G, -1)
    prev[order[1:]] = np.where(rater_g[order[1:]] == rater_g[order[:-1]], order[:-1], -1)
    ratings = np.zeros((G, n_comp))
    for j in range(int(pos.max()) + 1):
        idx = np.flatnonzero(pos == j)
        adj = np.zeros(len(idx))
        has = prev[idx] >= 0
        adj[has] = contrast * (ratings[prev[idx[has]]].mean(axis=1) - mid)
        ratings[idx] = np.clip(np.round(latent[idx] + adj[:, None]), lo, hi)
    n = G * n_comp
    cand_ids = np.array([f"C{i}" for i in range(C)])
    rater_ids = np.array([f"I{i}" for i in range(team)])
    comp_ids = np.array([f"k{i}" for i in range(n_comp)])
    table = RatingsTable.from_columns(
        job=np.array([f"J{j}" for j in range(n_jobs)])[job_c[np.repeat(cand_g, n_comp)]],
        candidate=cand_ids[np.repeat(cand_g, n_comp)],
        interviewer=rater_ids[np.repeat(rater_g, n_comp)],
        competency=np.tile(comp_ids, G),
        rating=ratings.ravel().astype(np.int64),
        scale_min=np.full(n, lo),
        scale_max=np.full(n, hi),
        interviewed_at=np.repeat(time_g, n_comp),
    )
    return Simulation(
        table=table,
        theta=dict(zip(cand_ids.tolist(), theta.tolist())),
        severity=dict(zip(rater_ids.tolist(), b.tolist())),
        scale_use=dict(zip(rater_ids.tolist(), a.tolist())),
        contrast=contrast,
    )
