"""P(best): the probability that each candidate is its job's strongest.

Draws from the Gaussian (Laplace-type) posterior of the candidates' standings.
The draws share the interviewers' parameter errors between the candidates they
rated (a common harsh interviewer's uncertain severity cancels in a comparison
of two candidates they both saw), which independent draws would miss.
Vectorised across jobs: jobs are grouped by size and handled as 3-D arrays.

The random numbers come from two streams, children of the seed: the candidates' own
noise (the big block, one normal per candidate and draw) and everything else (the
shared errors, the jobs' errors). The own noise depends only on the number of
candidates, so :func:`own_noise_beside` can draw it in a second thread while the model
fits; the values are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from scipy import sparse

from .prefetched_normals import PrefetchedNormals

DRAW_BUDGET = 1.5e7  # candidate x draw values per run, bounds time and memory
CHUNK = 4e6  # values per chunk
# Own noise held drawn ahead at most (100 MB of float32; 19.5 million values at 1M
# ratings): beyond it the rest is drawn chunk by chunk, as without a thread.
AHEAD_BUDGET = 2.5e7
# Below this many values the draws take about as long as starting a thread (1e5
# float32 normals 1-2 ms, a thread's start and join 0.1-0.6 ms, AMD EPYC under load).
THREAD_MIN = 1e5


def n_draws(n_candidates: int) -> int:
    """Number of Monte Carlo draws: many for small inputs, fewer for huge ones."""
    return int(np.clip(DRAW_BUDGET / max(n_candidates, 1), 200, 4000))


def streams(seed: int) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """P(best)'s two random streams for ``seed``: (own noise, everything else)."""
    own, rest = np.random.SeedSequence(seed).spawn(2)
    return own, rest


def own_noise_size(job_c: np.ndarray) -> int:
    """How many own-noise normals :func:`p_best` takes: one per draw and candidate
    of a job of two or more (a lone candidate is its job's best without drawing)."""
    if len(job_c) == 0:
        return 0
    counts = np.bincount(job_c)
    return int(counts[counts > 1].sum()) * n_draws(len(job_c))


@contextmanager
def own_noise_beside(job_c: np.ndarray, seed: int = 0) -> Iterator[PrefetchedNormals]:
    """P(best)'s own-noise normals, drawn in a background thread while the block runs.

    Start it as soon as the candidates' jobs are known (before the model fit) and pass
    what it yields to :func:`p_best` (``own_noise=``) with the same ``seed``; the
    result equals ``p_best`` without it. On leaving the block the thread is stopped
    (if the block raised) and always joined. Small inputs draw in the calling thread.

    Parameters
    ----------
    job_c : (C,) int array
        Job of each candidate.
    seed : int
        The seed :func:`p_best` will be given.
    """
    n = own_noise_size(job_c)
    noise = PrefetchedNormals(streams(seed)[0], n, ahead=int(min(n, AHEAD_BUDGET)))
    if noise.n_ahead >= THREAD_MIN:
        noise.start()
    else:
        noise.fill()
    try:
        yield noise
    except BaseException:
        noise.close()
        raise
    noise.join()


def p_best(
    job_c: np.ndarray,
    mean: np.ndarray,
    var_own: np.ndarray,
    loads: list[tuple[sparse.csr_matrix, np.ndarray]],
    job_load: np.ndarray | None = None,
    job_sd: np.ndarray | None = None,
    seed: int = 0,
    own_noise: PrefetchedNormals | None = None,
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
        Seed of the random streams (:func:`streams`); equal inputs give equal outputs.
    own_noise : PrefetchedNormals, optional
        The own-noise normals from :func:`own_noise_beside` with the same ``job_c`` and
        ``seed`` (perhaps drawn while the model fitted); by default drawn here. The
        result is the same.

    Returns
    -------
    (C,) float array
    """
    C = len(mean)
    out = np.zeros(C)
    if C == 0:
        return out
    S = n_draws(C)
    own_stream, rest_stream = streams(seed)
    if own_noise is None:
        own_noise = PrefetchedNormals(own_stream, own_noise_size(job_c))
    elif own_noise.source.entropy != own_stream.entropy or own_noise.n_values != own_noise_size(
        job_c
    ):
        raise ValueError("own_noise was drawn for another seed or other candidates")
    rng = np.random.default_rng(rest_stream)
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
    # One buffer for every chunk's draws not drawn ahead, filled in place (the same
    # numbers as a new array each time, without faulting a fresh array in per chunk).
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
            draws = own_noise.take(buffer[: len(cand) * S]).reshape(len(cand), S)
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
