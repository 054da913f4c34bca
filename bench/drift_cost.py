"""Cost of the engine's drift step on a large file that drifts.

``bench.speed``'s files have no drift, so the drift step's guard returns at once and the
speed benchmark never times it. This builds a synthetic set of residuals of the size a
1M-rating file gives (by default 4,000 interviewers with 50 interviews each over a year),
each interviewer's leniency a sine of period 120-365 days plus noise, and times
``drift.drift_offsets`` as the fit calls it: the first pass (the whole grid) and one
later pass (the settings the first kept, on slightly changed residuals).

    PYTHONPATH=. .venv/bin/python -m bench.drift_cost [INTERVIEWERS [PER_INTERVIEWER]]

Run it from each checkout to compare (``PYTHONPATH`` pointing at it), alternating, and
compare the CPU seconds measured in the same minutes. It also prints the drift
estimate's error as a share of the true drift's variance.
"""

import sys
import time

import numpy as np

from secondround.engine.drift import drift_offsets

DAY = 86400.0


def drifting_residuals(n_i: int, per: int, seed: int = 0):
    """Residuals of ``n_i`` interviewers with ``per`` interviews each: a sine drift of
    amplitude 0.3 (period 120-365 days) plus noise of sd 0.5. Returns the arguments of
    ``drift_offsets`` (residuals, interviewer, previous interview, time order, number
    of interviewers, times) and the true drift, centred per interviewer."""
    rng = np.random.default_rng(seed)
    rater = np.repeat(np.arange(n_i), per)
    when = np.sort(rng.uniform(0, 365, (n_i, per)), axis=1).ravel() * DAY
    period = rng.uniform(120, 365, n_i)[rater] * DAY
    true = 0.3 * np.sin(2 * np.pi * when / period + rng.uniform(0, 7, n_i)[rater])
    resid = true + rng.normal(0, 0.5, rater.size)
    prev = np.where(np.r_[False, rater[1:] == rater[:-1]], np.arange(rater.size) - 1, -1)
    args = (resid, rater, prev, np.arange(rater.size), n_i, when)
    return args, true - (np.bincount(rater, true) / per)[rater]


def measure(n_i: int, per: int) -> dict:
    """CPU seconds of a first and a later pass, and the first pass's error share."""
    args, true = drifting_residuals(n_i, per)
    start = time.process_time()
    drift, _, kept = drift_offsets(*args)
    first = time.process_time() - start
    again = (args[0] + np.random.default_rng(1).normal(0, 0.05, len(true)),) + args[1:]
    start = time.process_time()
    drift_offsets(*again, previous=kept)
    later = time.process_time() - start
    error = float(np.mean((drift - true) ** 2) / np.var(true))
    return {"first": first, "later": later, "error_share": error}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    n_i, per = (int(a) for a in (args + ["4000", "50"][len(args) :])[:2])
    out = measure(n_i, per)
    print(
        f"{n_i} interviewers x {per} interviews: first pass {out['first']:.2f} CPU-s, "
        f"later pass {out['later']:.2f} CPU-s, error {out['error_share']:.3f} of the "
        "drift's variance"
    )


if __name__ == "__main__":
    main()
