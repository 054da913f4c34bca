"""Upper bounds of the drift model: the engine with each interview's *true* drift in place
of its estimate, or (``--sine``) with the drift estimated by Bayes under the simulator's own
model of it, on organisations saved by ``bench.stress --save`` (scenario "drift").

    PYTHONPATH=. .venv/bin/python -m bench.drift_bound SAVED_DIR OUT_DIR [--sine]
    .venv/bin/python -m bench.stress_compare SAVED_DIR OUT_DIR --scenario drift

What is left between the engine and the first bound is the error of the drift estimate
(docs/engine.md, "Measurements of the drift smoother"). The true drift is the simulator's
(``bench.structures.Drift``), in the engine's units and centred per interviewer, as the
engine's own offsets are.

``--sine`` asks how much of that error any estimate from the engine's residuals could
remove: each interviewer's drift is the posterior mean under ``bench.structures.Drift``'s
family (a sine of period 120-365 days), its amplitude prior and the residuals' noise
variance taken from the truth. No product may assume that family; it bounds what knowing
it would buy. Both are diagnostics, not benchmarks of the product: they patch the
engine's drift step for the length of the run.
"""

import sys
from pathlib import Path

import numpy as np

import bench.stress as stress
import bench.stress_rerun as stress_rerun
from secondround.engine import api, model

SCENARIO = "drift"
# bench.structures.Drift's periods (days), as a grid for the posterior over the period.
SINE_PERIODS_DAYS = np.linspace(120.0, 365.0, 40)
# The interviewer's mean is the severity's: a nearly flat prior on it.
MEAN_PRIOR_FACTOR = 100.0


def centred(values: np.ndarray, rater_g: np.ndarray, n_i: int) -> np.ndarray:
    """``values`` minus their mean over each interviewer's interviews."""
    per_rater = np.maximum(np.bincount(rater_g, minlength=n_i), 1)
    return values - (np.bincount(rater_g, values, n_i) / per_rater)[rater_g]


def sine_posterior_drift(
    resid: np.ndarray,
    rater_g: np.ndarray,
    time_g: np.ndarray,
    n_i: int,
    s2_drift: float,
    noise: float,
) -> np.ndarray:
    """Posterior mean of each interview's drift when every interviewer's drift is a sine.

    Per interviewer and period on ``SINE_PERIODS_DAYS`` the drift is ``alpha sin(w t) +
    beta cos(w t)`` plus a mean, ``alpha`` and ``beta`` a priori N(0, ``s2_drift``) (a sine
    of random phase and amplitude variance ``2 s2_drift`` has variance ``s2_drift``), the
    residuals that plus N(0, ``noise``); the period is averaged over by its marginal
    likelihood (flat prior). Returns the drift centred per interviewer.
    """
    drift = np.zeros(len(resid))
    prior = np.diag([1.0 / s2_drift, 1.0 / s2_drift, 1.0 / (MEAN_PRIOR_FACTOR * s2_drift)])
    omegas = 2.0 * np.pi / (SINE_PERIODS_DAYS * 86400.0)
    for i in range(n_i):
        idx = np.flatnonzero(rater_g == i)
        if idx.size < 2:
            continue
        y, t = resid[idx], time_g[idx]
        logliks, means = np.empty(omegas.size), np.empty((omegas.size, idx.size))
        for k, w in enumerate(omegas):
            X = np.c_[np.sin(w * t), np.cos(w * t), np.ones(idx.size)]
            precision = prior + X.T @ X / noise
            b = X.T @ y / noise
            coef = np.linalg.solve(precision, b)
            logliks[k] = 0.5 * (b @ coef) - 0.5 * np.linalg.slogdet(precision)[1]
            means[k] = X[:, :2] @ coef[:2]
        weights = np.exp(logliks - logliks.max())
        drift[idx] = (weights / weights.sum()) @ means
    return centred(drift, rater_g, n_i)


def rerun_with_true_drift(source: Path, target: Path, sine: bool = False) -> float:
    """Re-run the engine on ``source``'s drift organisations with the true drift (or,
    with ``sine``, its Bayes estimate under the simulator's family) in place of its own
    estimate; the frames go to ``target``. Returns the seconds it took."""
    seen = {}
    build_design, simulate, drift_offsets = api.build_design, stress.simulate, model.drift_offsets

    def keep_design(table):
        seen["design"], seen["table"] = build_design(table), table
        return seen["design"]

    def keep_simulation(*args, **kwargs):
        seen["sim"] = simulate(*args, **kwargs)
        return seen["sim"]

    def true_drift(
        resid,
        rater_g,
        prev_g,
        time_order,
        n_i,
        time_g,
        noise_rel=None,
        previous=None,
        leverage=None,
    ):
        if leverage is not None:
            leverage[:] = 0.0  # a drift given, not fitted: it takes up no noise
        d, table, cards = seen["design"], seen["table"], seen["sim"].cards
        by_pair = {
            (f"C{c}", f"I{i}"): drift
            for c, i, drift in zip(cards["cand"], cards["int"], cards["drift"], strict=True)
        }
        truth = (
            np.array(
                [
                    by_pair[table.candidate_ids[c], table.interviewer_ids[r]]
                    for c, r in zip(d.cand_g, d.rater_g, strict=True)
                ]
            )
            / d.width
        )
        truth = centred(truth, rater_g, n_i)
        if not sine:
            return truth, 1.0, previous
        resid = centred(resid, rater_g, n_i)
        s2_drift, noise = float(np.mean(truth**2)), float(np.var(resid - truth))
        return sine_posterior_drift(resid, rater_g, time_g, n_i, s2_drift, noise), 1.0, previous

    api.build_design, stress.simulate, model.drift_offsets = (
        keep_design,
        keep_simulation,
        true_drift,
    )
    try:
        return stress_rerun.rerun(SCENARIO, source, target)
    finally:
        api.build_design, stress.simulate, model.drift_offsets = (
            build_design,
            simulate,
            drift_offsets,
        )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sine = "--sine" in args
    args = [a for a in args if a != "--sine"]
    if len(args) != 2:
        sys.exit(__doc__)
    target = Path(args[1])
    target.mkdir(parents=True, exist_ok=True)
    what = "its Bayes estimate under the sine family" if sine else "the true drift"
    seconds = rerun_with_true_drift(Path(args[0]), target, sine)
    print(f"{SCENARIO} with {what}: {seconds:.0f} s")


if __name__ == "__main__":
    main()
