"""P(best): the probability that each candidate is its job's strongest.

Draws from the Gaussian (Laplace-type) posterior of the candidates' standings.
The draws share the interviewers' parameter errors between the candidates they
rated (a common harsh interviewer's uncertain severity cancels in a comparison
of two candidates they both saw), which independent draws would miss.
Vectorised across jobs: jobs are grouped by size and handled as 3-D arrays.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

DRAW_BUDGET = 1.5e7  # candidate x draw values per run, bounds time and memory
CHUNK = 4e6  # values per chunk


def n_draws(n_candidates: int) -> int:
    """Number of Monte Carlo draws: many for small inputs, fewer for huge ones."""
    return int(np.clip(DRAW_BUDGET / max(n_candidates, 1), 200, 4000))


def p_best(
    job_c: np.ndarray,
    mean: np.ndarray,
    var_own: np.ndarray,
    loads: list[tuple[sparse.csr_matrix, np.ndarray]],
    seed: int = 0,
) -> np.ndarray:
    """Monte Carlo P(best) per candidate, summing to 1 within each job.

    Parameters
    ----------
    job_c : (C,) int array
        Job of each candidate.
    mean, var_own : (C,) float arrays
        Posterior mean and the candidate's own (unshared) posterior variance.
    loads : list of (D, sd)
        Shared error terms: ``D`` is a sparse (C, R) loading matrix and ``sd`` the
        (R,) standard deviations of R shared parameters; each draw adds
        ``D @ (sd * N(0, 1))``.
    seed : int
        Seed of the random generator; equal inputs give equal outputs.

    Returns
    -------
    (C,) float array
    """
    C = len(mean)
    out = np.zeros(C)
    if C == 0:
        return out
    S = n_draws(C)
    rng = np.random.default_rng(seed)
    shared = None  # (C, S) shared part of the draws
    extra_var = np.zeros(C)
    for D, sd in loads:
        R = D.shape[1]
        if R * S <= DRAW_BUDGET:
            eps = (sd[:, None] * rng.standard_normal((R, S))).astype(np.float32)
            part = np.asarray(D.tocsr().astype(np.float32) @ eps, dtype=np.float32)
            shared = part if shared is None else shared + part
        else:
            # Too many shared parameters to draw: fold them into the candidate's
            # own variance (their errors are tiny when they are that many).
            extra_var += np.asarray(D.multiply(D).multiply(sd[None, :] ** 2).sum(axis=1)).ravel()
    sd_own = np.sqrt(var_own + extra_var).astype(np.float32)
    counts = np.bincount(job_c, minlength=int(job_c.max()) + 1)
    order = np.argsort(job_c, kind="stable")
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    for m in np.unique(counts[counts > 0]):
        jobs = np.flatnonzero(counts == m)
        idx = order[starts[jobs][:, None] + np.arange(m)[None, :]]  # (jobs, m)
        if m == 1:
            out[idx.ravel()] = 1.0
            continue
        per = max(1, int(CHUNK // (m * S)))
        for lo in range(0, len(jobs), per):
            cand = idx[lo : lo + per].ravel()
            draws = rng.standard_normal((len(cand), S), dtype=np.float32)
            draws *= sd_own[cand, None]
            draws += mean[cand, None].astype(np.float32)
            if shared is not None:
                draws += shared[cand]
            best = draws.reshape(-1, m, S).argmax(axis=1)  # (jobs, S)
            hits = np.zeros((best.shape[0], m))
            for j in range(m):
                hits[:, j] = (best == j).mean(axis=1)
            out[cand] = hits.ravel()
    return out
