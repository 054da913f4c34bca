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
    job_load: np.ndarray | None = None,
    job_sd: np.ndarray | None = None,
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
    job_load, job_sd : arrays, optional
        A shared error per job: candidate c's draw adds
        ``job_load[c] * job_sd[job_c[c]] * N(0, 1)`` (one normal per job and draw).
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
    n_jobs = int(job_c.max()) + 1
    counts = np.bincount(job_c, minlength=n_jobs)
    # Candidates ordered by (job size, job): each size group is one contiguous
    # block of whole jobs, and each chunk of it a contiguous (cheap) row slice.
    order = np.argsort(counts[job_c] * n_jobs + job_c, kind="stable")
    size_sorted = counts[job_c[order]]
    mats, sds = [], []
    extra_var = np.zeros(C)
    for D, sd in loads:
        if D.shape[1] * S <= DRAW_BUDGET:
            mats.append(D)
            sds.append(sd)
        else:
            # Too many shared parameters to draw: fold them into the candidate's
            # own variance (their errors are tiny when they are that many).
            d2 = D.multiply(D).multiply(sd[None, :] ** 2)
            extra_var += np.asarray(d2.sum(axis=1)).ravel()
    shared = None
    if mats:
        D_all = sparse.hstack(mats).tocsr()[order].astype(np.float32)
        sd_all = np.concatenate(sds)
        eps = (sd_all[:, None] * rng.standard_normal((len(sd_all), S))).astype(np.float32)
        shared = (D_all, eps)
    sd_own = np.sqrt(var_own + extra_var).astype(np.float32)
    mean32 = mean.astype(np.float32)
    # One buffer for every chunk's draws, filled in place (the same numbers as a new
    # array each time, without faulting a fresh array in for every chunk).
    buffer = np.empty(min(int(CHUNK) + S * int(size_sorted.max()), C * S), dtype=np.float32)
    for m in np.unique(size_sorted):
        rows = np.flatnonzero(size_sorted == m)  # contiguous
        if m == 1:
            out[order[rows]] = 1.0
            continue
        per = max(1, int(CHUNK // (m * S))) * m
        for lo in range(rows[0], rows[-1] + 1, per):
            hi = min(lo + per, rows[-1] + 1)
            cand = order[lo:hi]
            nj = len(cand) // m
            draws = buffer[: len(cand) * S].reshape(len(cand), S)
            rng.standard_normal(dtype=np.float32, out=draws)
            draws *= sd_own[cand, None]
            draws += mean32[cand, None]
            if shared is not None:
                D_all, eps = shared
                draws += D_all[lo:hi] @ eps
            if job_load is not None:
                ej = rng.standard_normal((nj, 1, S), dtype=np.float32)
                ej *= job_sd[job_c[cand[::m]]].astype(np.float32)[:, None, None]
                draws += (job_load[cand].astype(np.float32).reshape(nj, m, 1) * ej).reshape(-1, S)
            best = strongest(draws.reshape(nj, m, S))  # (jobs, S)
            # One count per (job, candidate): the job's row times m plus the winner.
            best += (np.arange(nj) * m)[:, None]
            out[cand] = np.bincount(best.ravel(), minlength=nj * m) / S
    return out


def strongest(draws: np.ndarray) -> np.ndarray:
    """``draws.argmax(axis=1)`` for a (jobs, m, S) array of finite draws.

    numpy's argmax over a middle axis copies the array to make that axis the last;
    comparing the m candidates' rows in turn reads each draw once (about twice as
    fast for a job of two). Ties go to the first, as argmax's do.
    """
    top = draws[:, 0].copy()
    best = np.zeros(top.shape, dtype=np.intp)
    for j in range(1, draws.shape[1]):
        row = draws[:, j]
        ahead = row > top
        best[ahead] = j
        np.maximum(top, row, out=top)
    return best
