"""Upper bounds of the drift model: the engine with each interview's *true* drift in place
of its estimate, or with the drift estimated by Bayes under the simulator's own model of
it, on organisations saved by ``bench.stress --save`` (scenario "drift" or its control,
"wandering drift (control for drift)").

    PYTHONPATH=. .venv/bin/python -m bench.drift_bound SAVED OUT [--sine | --gp] [--scenario NAME]
    .venv/bin/python -m bench.stress_compare SAVED OUT --scenario NAME

What is left between the engine and the first bound is the error of the drift estimate
(docs/engine.md, "Measurements of the drift smoother"). The true drift is the simulator's
(``bench.structures.Drift`` or ``WanderingDrift``), in the engine's units and centred per
interviewer, as the engine's own offsets are. The scenario is "drift" unless ``--gp`` or
``--scenario`` says otherwise.

``--sine`` (scenario "drift") asks how much of that error any estimate from the engine's
residuals could remove: each interviewer's drift is the posterior mean under
``bench.structures.Drift``'s family (a sine of period 120-365 days), its amplitude prior
and the residuals' noise variance taken from the truth. ``--gp`` (scenario "wandering
drift (control for drift)") is the same for the control: the posterior mean under
``bench.structures.WanderingDrift``'s family, a Gaussian process with the
squared-exponential kernel at each interviewer's *true* length scale and variance (read
from the simulator as it draws them), the residuals' noise the truth's pooled variance
spread over interviews as the engine's own per-residual noise is. No product may assume
either family; they bound what knowing it would buy. All are diagnostics, not benchmarks
of the product: they patch the engine's drift step for the length of the run.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.linalg import cho_factor, cho_solve

import bench.stress as stress
import bench.stress_rerun as stress_rerun
import bench.structures as structures
from secondround.engine import api, model

SCENARIO = "drift"
# The control's scenario and the structure whose family ``--gp`` assumes.
WANDERING = "wandering drift (control for drift)"
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


def gp_posterior_drift(
    resid: np.ndarray,
    rater_g: np.ndarray,
    time_g: np.ndarray,
    n_i: int,
    own_var: np.ndarray,
    scale_seconds: np.ndarray,
    noise_g: np.ndarray,
) -> np.ndarray:
    """Posterior mean of each interview's drift when every interviewer's drift is a
    squared-exponential Gaussian process of known variance and length scale.

    Interviewer ``i``'s residuals are ``f + m + e``: ``f`` the drift, a priori a GP with
    covariance ``own_var[i] exp(-dt^2 / (2 scale_seconds[i]^2))``; ``m`` their mean
    (the severity's), under a flat prior; ``e`` independent N(0, ``noise_g``). With
    ``A = K + diag(noise)``, ``m`` is its generalised least-squares estimate
    ``1'A^-1 y / 1'A^-1 1`` (the flat prior's limit) and the drift ``K A^-1 (y - m)``.
    Returns the drift centred per interviewer, as the engine's offsets are.
    """
    drift = np.zeros(len(resid))
    for i in range(n_i):
        idx = np.flatnonzero(rater_g == i)
        if idx.size < 2 or own_var[i] <= 0.0:
            continue
        y, t = resid[idx], time_g[idx]
        dt = (t[:, None] - t[None, :]) / scale_seconds[i]
        kernel = own_var[i] * np.exp(-0.5 * dt * dt)
        factor = cho_factor(kernel + np.diag(noise_g[idx]))
        a_y, a_1 = cho_solve(factor, y), cho_solve(factor, np.ones(idx.size))
        level = a_y.sum() / a_1.sum()
        drift[idx] = kernel @ (a_y - level * a_1)
    return centred(drift, rater_g, n_i)


# What each estimate assumes of the scenario's structure (the truth it reads).
FAMILIES = {"sine": structures.Drift, "gp": structures.WanderingDrift}


def rerun_with_true_drift(
    source: Path, target: Path, estimate: str = "truth", scenario: str = SCENARIO
) -> float:
    """Re-run the engine on ``source``'s organisations of ``scenario`` with the true drift
    (``estimate`` "truth") or its Bayes estimate under the simulator's family ("sine" for
    ``Drift``, "gp" for ``WanderingDrift``) in place of its own estimate; the frames go
    to ``target``. Returns the seconds it took."""
    family = FAMILIES.get(estimate)
    if estimate != "truth" and not isinstance(stress.SCENARIOS[scenario][1], family):
        raise SystemExit(f"--{estimate} needs a {family.__name__} scenario, not {scenario!r}")
    seen = {}
    build_design, simulate, drift_offsets = api.build_design, stress.simulate, model.drift_offsets

    def keep_design(table):
        seen["design"], seen["table"] = build_design(table), table
        return seen["design"]

    def keep_simulation(cfg, seed, structure):
        draw = structure.parameters if estimate == "gp" else None

        def recorded(*args):
            seen["parameters"] = draw(*args)
            return seen["parameters"]

        if draw is not None:
            structure.parameters = recorded  # shadows the class's method for this draw
        try:
            seen["sim"] = simulate(cfg, seed=seed, structure=structure)
        finally:
            if draw is not None:
                del structure.parameters
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
        variance=None,
    ):
        # A drift given, not fitted: it takes up no noise, and its error is not counted
        # in the candidates' sds (the bound is about the scores).
        for out in (leverage, variance):
            if out is not None:
                out[:] = 0.0
        d, table, sim = seen["design"], seen["table"], seen["sim"]
        cards = sim.cards
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
        if estimate == "truth":
            return truth, 1.0, previous
        resid = centred(resid, rater_g, n_i)
        s2_drift, noise = float(np.mean(truth**2)), float(np.var(resid - truth))
        if estimate == "sine":
            drift = sine_posterior_drift(resid, rater_g, time_g, n_i, s2_drift, noise)
            return drift, 1.0, previous
        own_sd, scale = seen["parameters"]
        simulated = pd.Index(sim.interviewers["interviewer"]).get_indexer(table.interviewer_ids)
        own_var = (own_sd[simulated] / d.width) ** 2
        # The truth's pooled noise, spread as the engine spreads it over residuals.
        rel = np.ones(len(resid)) if noise_rel is None else noise_rel / np.mean(noise_rel)
        drift = gp_posterior_drift(
            resid, rater_g, time_g, n_i, own_var, scale[simulated], noise * rel
        )
        return drift, 1.0, previous

    api.build_design, stress.simulate, model.drift_offsets = (
        keep_design,
        keep_simulation,
        true_drift,
    )
    try:
        return stress_rerun.rerun(scenario, source, target)
    finally:
        api.build_design, stress.simulate, model.drift_offsets = (
            build_design,
            simulate,
            drift_offsets,
        )


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    estimates = [a[2:] for a in args if a in ("--sine", "--gp")]
    args = [a for a in args if a not in ("--sine", "--gp")]
    scenario = WANDERING if estimates == ["gp"] else SCENARIO
    if "--scenario" in args:
        at = args.index("--scenario")
        if at + 1 >= len(args):
            sys.exit(__doc__)
        scenario = args.pop(at + 1)
        args.pop(at)
    if len(args) != 2 or len(estimates) > 1 or scenario not in stress.SCENARIOS:
        sys.exit(__doc__)
    estimate = estimates[0] if estimates else "truth"
    target = Path(args[1])
    target.mkdir(parents=True, exist_ok=True)
    what = {
        "truth": "the true drift",
        "sine": "its Bayes estimate under the sine family",
        "gp": "its Bayes estimate under the squared-exponential GP family",
    }[estimate]
    seconds = rerun_with_true_drift(Path(args[0]), target, estimate, scenario)
    print(f"{scenario} with {what}: {seconds:.0f} s")


if __name__ == "__main__":
    main()
