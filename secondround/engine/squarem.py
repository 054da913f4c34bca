"""SQUAREM (Varadhan & Roland 2008): the accelerator of the interview-level EM (em.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .em import A_FLOOR_ONE_VALUE, TOL

# An extrapolation is kept while its step is at most this many times the plain EM
# step it replaces (a non-monotone safeguard, as the SQUAREM package allows a bounded
# rise of the objective): the largest step is one quiet interviewer's scale use, which
# the extrapolation overshoots first and which the next iterations pull back, so
# requiring a smaller step (1.0) dropped useful extrapolations. At 1M ratings: 44 map
# evaluations instead of 49, and the fit ends nearer the fixed point (docs/benchmarks.md,
# section 3, "branch `speed`").
STEP_SLACK = 2.0


def squarem(
    F: Callable[[np.ndarray], np.ndarray], x: np.ndarray, max_evals: int, n: int, tol: float = TOL
) -> np.ndarray:
    """Fixed point of the EM map F, accelerated by SQUAREM (Varadhan & Roland 2008).

    Plain EM converges slowly here (candidates and severities trade off); the
    squared extrapolation cuts the number of map evaluations several-fold. An
    extrapolation whose step is more than ``STEP_SLACK`` times the plain EM step is
    dropped for the plain EM iterate. Convergence is judged on the rater parameters
    and contrast (the first ``2 n + 1`` entries).
    """
    evals = 0
    head = slice(0, 2 * n + 1)
    while evals < max_evals:
        x1 = F(x)
        x2 = F(x1)
        evals += 2
        r = x1 - x
        v = x2 - x1 - r
        step2 = float(np.max(np.abs(x2 - x1)[head]))
        if step2 < tol:
            return x2
        # Norms as plain sums: np.linalg.norm calls BLAS, whose idle threads
        # then spin and double the CPU time of the whole fit on 2 cores.
        nv = math.sqrt(float(np.sum(v * v)))
        alpha = -math.sqrt(float(np.sum(r * r))) / nv if nv > 0 else -1.0
        alpha = min(max(alpha, -50.0), -1.0)
        xn = x - 2 * alpha * r + alpha**2 * v
        xn[n : 2 * n] = np.clip(xn[n : 2 * n], A_FLOOR_ONE_VALUE, 5.0)
        x3 = F(xn)
        evals += 1
        step3 = float(np.max(np.abs(x3 - xn)[head]))
        if not np.all(np.isfinite(x3)) or step3 > STEP_SLACK * step2:
            x = x2
            continue
        x = x3
        if step3 < tol:
            return x
    return x
