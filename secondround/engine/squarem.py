"""SQUAREM (Varadhan & Roland 2008): the accelerator of the interview-level EM (em.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .em import A_FLOOR_ONE_VALUE, TOL

# An extrapolation is kept while its step is at most this many times the plain EM step
# it replaces, both measured over the rater parameters and contrast as a whole (the
# Euclidean norm): a non-monotone safeguard, as the SQUAREM package allows a bounded
# rise of the objective. The largest single step is usually one quiet interviewer's
# scale use, which the extrapolation overshoots first and the next iterations pull
# back; judged by it (the largest absolute step, STEP_SLACK 2) the rule dropped
# extrapolations that had moved everyone else nearer. On five simulated files of
# 100k-1M ratings the norm with slack 5 took 35-42 map evaluations instead of 40-51 and
# ended nearer the fixed point on every output; slack 8 or more accepted
# extrapolations that left the fit far off (docs/benchmarks.md, section 3, branch
# `speed2`).
STEP_SLACK = 5.0


def squarem(
    F: Callable[[np.ndarray], np.ndarray], x: np.ndarray, max_evals: int, n: int, tol: float = TOL
) -> np.ndarray:
    """Fixed point of the EM map F, accelerated by SQUAREM (Varadhan & Roland 2008).

    Plain EM converges slowly here (candidates and severities trade off); the
    squared extrapolation cuts the number of map evaluations several-fold. An
    extrapolation whose step is more than ``STEP_SLACK`` times the plain EM step is
    dropped for the plain EM iterate, both steps measured by their Euclidean norm over
    the rater parameters and contrast (the first ``2 n + 1`` entries). Convergence is
    judged on the same entries, by their largest absolute step.
    """
    evals = 0
    head = slice(0, 2 * n + 1)
    while evals < max_evals:
        x1 = F(x)
        x2 = F(x1)
        evals += 2
        r = x1 - x
        v = x2 - x1 - r
        d2 = (x2 - x1)[head]
        if float(np.max(np.abs(d2))) < tol:
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
        d3 = (x3 - xn)[head]
        if not np.all(np.isfinite(x3)) or float(np.sum(d3 * d3)) > STEP_SLACK**2 * float(
            np.sum(d2 * d2)
        ):
            x = x2
            continue
        x = x3
        if float(np.max(np.abs(d3))) < tol:
            return x
    return x
