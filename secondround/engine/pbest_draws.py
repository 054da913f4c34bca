"""P(best)'s random numbers, in the order :func:`~secondround.engine.posterior.p_best` takes them.

P(best) draws from one generator seeded by the caller: first the shared errors (one
normal per shared parameter and draw), then, chunk by chunk of candidates, their own
noise (one float32 normal per candidate and draw: 19.5 million at 1M ratings) and
their jobs' errors. How many of each, and in which order, depends only on the
candidates' jobs and the number of shared parameters, both known before the model is
fitted. numpy's ``Generator`` releases the GIL while it fills an array, so
:func:`draws_beside` can draw them on a second core while the fit runs.

The values cannot depend on the thread: the thread makes the same calls on the same
generator in the same order as ``p_best`` would, and ``p_best`` draws whatever was
not drawn ahead from that generator after it. So the output is bit for bit what
``p_best`` gives without drawing ahead (a test checks it).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

DRAW_BUDGET = 1.5e7  # candidate x draw values per run, bounds time and memory
CHUNK = 4e6  # values per chunk
# Values held drawn ahead at most (100 MB of float32; P(best) takes 19.5 million at
# 1M ratings): the rest are drawn when p_best gets to them, as without a thread.
AHEAD_BUDGET = 2.5e7
# Below this many values the draws take about as long as starting a thread (1e5
# float32 normals 1-2 ms; a thread's start and join 0.1-0.6 ms).
THREAD_MIN = 1e5


def n_draws(n_candidates: int) -> int:
    """Number of Monte Carlo draws: many for small inputs, fewer for huge ones."""
    return int(np.clip(DRAW_BUDGET / max(n_candidates, 1), 200, 4000))


def drawn_widths(widths: list[int], n_candidates: int) -> list[bool]:
    """Which shared loadings (by their number of parameters) P(best) draws.

    A loading with too many parameters to draw is folded into the candidates' own
    variance instead (their errors are tiny when they are that many).
    """
    S = n_draws(n_candidates)
    return [w * S <= DRAW_BUDGET for w in widths]


def chunk_plan(job_c: np.ndarray, S: int) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Candidates in P(best)'s order, their jobs' sizes, and the chunks that draw.

    Candidates are ordered by (job size, job): each size group is one contiguous block
    of whole jobs, and each chunk of it a contiguous (cheap) row slice of whole jobs.
    Returns ``order`` (C,), ``size_sorted`` (C,) and the chunks ``(lo, hi)`` (positions
    in ``order``) of jobs of two or more; lone candidates draw nothing.
    """
    if len(job_c) == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), []
    n_jobs = int(job_c.max()) + 1
    counts = np.bincount(job_c, minlength=n_jobs)
    order = np.argsort(counts[job_c] * n_jobs + job_c, kind="stable")
    size_sorted = counts[job_c[order]]
    chunks = []
    for m in np.unique(size_sorted).tolist():
        if m == 1:
            continue
        rows = np.flatnonzero(size_sorted == m)  # contiguous
        per = max(1, int(CHUNK // (m * S))) * m
        for lo in range(int(rows[0]), int(rows[-1]) + 1, per):
            chunks.append((lo, min(lo + per, int(rows[-1]) + 1)))
    return order, size_sorted, chunks


def draw_sequence(
    n_shared: int, size_sorted: np.ndarray, chunks: list[tuple[int, int]], S: int, jobs: bool
) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The generator calls of P(best), in order: ``(kind, shape)``.

    ``shared`` float64 (n_shared, S) if any; then per chunk ``own`` float32 (n, S)
    and, with ``jobs``, ``job`` float32 (jobs in the chunk, 1, S).
    """
    if n_shared:
        yield "shared", (n_shared, S)
    for lo, hi in chunks:
        yield "own", (hi - lo, S)
        if jobs:
            yield "job", ((hi - lo) // int(size_sorted[lo]), 1, S)


class PBestDraws:
    """The normals P(best) takes, from ``default_rng(seed)``, perhaps some drawn ahead.

    Parameters
    ----------
    job_c : (C,) int array
        Job of each candidate.
    n_shared : int
        Shared parameters P(best) will draw (see :func:`drawn_widths`).
    seed : int
        Seed of the generator.
    jobs : bool
        Whether P(best) draws a shared error per job.
    """

    def __init__(self, job_c: np.ndarray, n_shared: int, seed: int, jobs: bool) -> None:
        self.job_c = job_c
        self.n_shared = int(n_shared)
        self.seed = seed
        self.jobs = bool(jobs)
        self.S = n_draws(len(job_c))
        self.order, self.size_sorted, self.chunks = chunk_plan(job_c, self.S)
        self.rng = np.random.default_rng(seed)
        self._held: deque[tuple[str, np.ndarray]] = deque()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._error: BaseException | None = None

    def sequence(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        """This run's generator calls, in order (:func:`draw_sequence`)."""
        return draw_sequence(self.n_shared, self.size_sorted, self.chunks, self.S, self.jobs)

    def matches(self, job_c: np.ndarray, n_shared: int, seed: int, jobs: bool) -> bool:
        """Whether these draws are the ones p_best would take for these arguments."""
        return (
            seed == self.seed
            and int(n_shared) == self.n_shared
            and bool(jobs) == self.jobs
            and (job_c is self.job_c or np.array_equal(job_c, self.job_c))
        )

    def fill(self, budget: float = AHEAD_BUDGET) -> None:
        """Draw, in this thread, the calls that fit in ``budget`` values, in order.

        Stops at the first call past the budget (the order must hold), or when told.
        """
        try:
            shapes = list(self.sequence())
            own_total = 0
            ahead = 0
            for kind, shape in shapes:
                n = int(np.prod(shape))
                if ahead + n > budget:
                    break
                ahead += n
                own_total += n if kind == "own" else 0
            block = np.empty(own_total, dtype=np.float32)  # one block for the own noise
            at = ahead = 0
            for kind, shape in shapes:
                n = int(np.prod(shape))
                if ahead + n > budget or self._stop.is_set():
                    return
                ahead += n
                if kind == "shared":
                    values = self.rng.standard_normal(shape)
                elif kind == "own":
                    values = block[at : at + n].reshape(shape)
                    at += n
                    self.rng.standard_normal(dtype=np.float32, out=values)
                else:
                    values = self.rng.standard_normal(shape, dtype=np.float32)
                self._held.append((kind, values))
        except BaseException as error:  # handed to the thread that takes the values
            self._error = error

    def start(self) -> None:
        """Draw ahead in a background thread."""
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self.fill, name="pbest-draws", daemon=True)
        self._thread.start()

    def join(self) -> None:
        """Wait for the background thread, if any; raise what it raised."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop the background thread after its current call, and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _next(self, kind: str, shape: tuple[int, ...]) -> np.ndarray | None:
        """The values drawn ahead for the next call, or None if it was not drawn ahead."""
        self.join()
        if not self._held:
            return None
        held_kind, values = self._held.popleft()
        if held_kind != kind or values.shape != shape:
            raise RuntimeError(
                f"P(best) took {kind} {shape}, drawn ahead: {held_kind} {values.shape}"
            )
        return values

    def shared(self, shape: tuple[int, int]) -> np.ndarray:
        """float64 standard normals for the shared errors."""
        values = self._next("shared", shape)
        return self.rng.standard_normal(shape) if values is None else values

    def own(self, out: np.ndarray) -> np.ndarray:
        """float32 standard normals for a chunk's own noise: ``out`` filled, or a view
        of values drawn ahead (``out`` then left alone). Either is the caller's to overwrite."""
        values = self._next("own", out.shape)
        if values is None:
            self.rng.standard_normal(dtype=np.float32, out=out)
            return out
        return values

    def job(self, shape: tuple[int, int, int]) -> np.ndarray:
        """float32 standard normals for a chunk's jobs' errors."""
        values = self._next("job", shape)
        return self.rng.standard_normal(shape, dtype=np.float32) if values is None else values


@contextmanager
def draws_beside(
    job_c: np.ndarray, widths: list[int], seed: int = 0, jobs: bool = True
) -> Iterator[PBestDraws]:
    """P(best)'s normals, drawn in a background thread while the block runs.

    Start it as soon as the candidates' jobs are known (before the model fit) and pass
    what it yields to :func:`~secondround.engine.posterior.p_best` (``draws=``) with
    the same seed; the result equals ``p_best`` without it. On leaving the block the
    thread is stopped if the block raised, and always joined. Small inputs draw
    nothing ahead.

    Parameters
    ----------
    job_c : (C,) int array
        Job of each candidate.
    widths : list of int
        Number of parameters of each shared loading p_best will be given.
    seed : int
        The seed p_best will be given.
    jobs : bool
        Whether p_best will be given a shared error per job.
    """
    n_shared = sum(w for w, drawn in zip(widths, drawn_widths(widths, len(job_c))) if drawn)
    draws = PBestDraws(job_c, n_shared, seed, jobs)
    ahead = sum(int(np.prod(shape)) for _, shape in draws.sequence())
    if len(job_c) and min(ahead, AHEAD_BUDGET) >= THREAD_MIN:
        draws.start()
    try:
        yield draws
    except BaseException:
        draws.close()
        raise
    draws.join()
