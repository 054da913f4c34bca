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

from .pbest_draws import CHUNK, DRAW_BUDGET, PBestDraws, drawn_widths, n_draws

__all__ = ["CHUNK", "DRAW_BUDGET", "n_draws", "p_best", "strongest"]


def p_best(
    job_c: np.ndarray,
    mean: np.ndarray,
    var_own: np.ndarray,
    loads: list[tuple[sparse.csr_matrix, np.ndarray]],
    job_load: np.ndarray | None = None,
    job_sd: np.ndarray | None = None,
    seed: int = 0,
    draws: PBestDraws | None = None,
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
    draws : PBestDraws, optional
        The normals from :func:`~secondround.engine.pbest_draws.draws_beside` for the
        same ``job_c``, loadings' widths, ``seed`` and ``job_load`` (perhaps drawn while
        the model fitted); by default drawn here. The result is the same, bit for bit.

    Returns
    -------
    (C,) float array
    """
    C = len(mean)
    out = np.zeros(C)
    if C == 0:
        return out
    S = n_draws(C)
    drawn = drawn_widths([D.shape[1] for D, _ in loads], C)
    n_shared = sum(D.shape[1] for (D, _), keep in zip(loads, drawn) if keep)
    if draws is None:
        draws = PBestDraws(job_c, n_shared, seed, job_load is not None)
    elif not draws.matches(job_c, n_shared, seed, job_load is not None):
        raise ValueError("draws were made for another seed, other candidates or loadings")
    order, size_sorted, chunks = draws.order, draws.size_sorted, draws.chunks
    mats, sds = [], []
    extra_var = np.zeros(C)
    for (D, sd), keep in zip(loads, drawn):
        if keep:
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
        eps = (sd_all[:, None] * draws.shared((len(sd_all), S))).astype(np.float32)
        shared = (D_all, eps)
    sd_own = np.sqrt(var_own + extra_var).astype(np.float32)
    mean32 = mean.astype(np.float32)
    out[order[size_sorted == 1]] = 1.0
    # One buffer for every chunk's draws not drawn ahead, filled in place (the same
    # numbers as a new array each time, without faulting a fresh array in per chunk).
    buffer = np.empty(min(int(CHUNK) + S * int(size_sorted.max()), C * S), dtype=np.float32)
    for lo, hi in chunks:
        m = int(size_sorted[lo])
        cand = order[lo:hi]
        nj = len(cand) // m
        values = draws.own(buffer[: len(cand) * S].reshape(len(cand), S))
        values *= sd_own[cand, None]
        values += mean32[cand, None]
        if shared is not None:
            D_all, eps = shared
            values += D_all[lo:hi] @ eps
        if job_load is not None:
            ej = draws.job((nj, 1, S))
            ej *= job_sd[job_c[cand[::m]]].astype(np.float32)[:, None, None]
            values += (job_load[cand].astype(np.float32).reshape(nj, m, 1) * ej).reshape(-1, S)
        best = strongest(values.reshape(nj, m, S))  # (jobs, S)
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
