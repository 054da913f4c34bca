"""Peer comparison: the engine against statsmodels MixedLM on a crossed Gaussian design.

On the engine model's Gaussian special case the engine should agree with a standard
linear mixed model, ``rating = mu + candidate + interviewer + noise`` with crossed
random candidate and interviewer effects (statsmodels: one group for all rows plus
``vc_formula``, see ``RECIPES.md``; REML). The data come from ``bench.simulate`` with
one competency, no halo, no contrast, no scale-use differences, no job means, and a
1-41 scale wide enough that clipping never happens and rounding (variance 1/12 against
a noise variance of 6.25) is negligible. About 5,000 ratings.

Reported: correlations of the engine's candidate scores with MixedLM's candidate
random effects (BLUPs) and of the engine's interviewer severities with MixedLM's
interviewer effects, each model's correlation with the simulated truth, and the
wall-time ratio measured in the same run.

Run: ``.venv/bin/python -m bench.peer_mixedlm [--quick]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings

import numpy as np
import pandas as pd

from bench.common import candidate_frame, engine_available, machine, run_engine, table
from bench.simulate import SimConfig, simulate

GAUSSIAN = SimConfig(
    n_competencies=1,
    scale=(1, 41),
    leniency=0.0,
    true_sd=0.3,
    job_mean_sd=0.0,
    severity_sd=0.2,
    scale_use_sd=0.0,
    halo=0.0,
    interview_sd=0.0,
    noise_sd=0.25,
    contrast=0.0,
    p_rated=1.0,
)


def fit_mixedlm(ratings: pd.DataFrame) -> tuple[pd.Series, pd.Series, tuple[float, float]]:
    """Crossed random-effects fit; candidate and interviewer BLUPs, wall and CPU seconds."""
    import statsmodels.formula.api as smf

    df = ratings[["candidate", "interviewer", "rating"]].assign(
        g=1, rating=lambda d: d["rating"].astype(float)
    )
    t0, c0 = time.perf_counter(), time.process_time()
    model = smf.mixedlm(
        "rating ~ 1",
        df,
        groups="g",
        re_formula="0",
        vc_formula={"cand": "0 + C(candidate)", "intv": "0 + C(interviewer)"},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; the fit is checked below
        fit = model.fit(reml=True)
    secs = (time.perf_counter() - t0, time.process_time() - c0)
    re_ = fit.random_effects[1]
    name = re.compile(r"^(cand|intv)\[C\((?:candidate|interviewer)\)\[(.*)\]\]$")
    parsed = [(m.group(1), m.group(2), v) for k, v in re_.items() if (m := name.match(k))]
    cand = pd.Series({i: v for kind, i, v in parsed if kind == "cand"})
    intv = pd.Series({i: v for kind, i, v in parsed if kind == "intv"})
    if not fit.converged:
        print("WARNING: MixedLM did not report convergence.")
    return cand, intv, secs


def corr(a, b) -> float:
    """Pearson correlation."""
    return float(np.corrcoef(np.asarray(a, float), np.asarray(b, float))[0, 1])


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    ap = argparse.ArgumentParser(description="Engine vs statsmodels MixedLM (crossed, Gaussian).")
    ap.add_argument("--quick", action="store_true", help="about 1,500 ratings instead of 5,000")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(f"# Peer: engine vs statsmodels MixedLM\n\nMachine: {machine()}\n")
    ok, why = engine_available()
    if not ok:
        print(f"SKIPPED: the engine is not available ({why}).")
        sys.exit(1)
    cfg = GAUSSIAN.with_(jobs_per_team=100 if args.quick else 330)
    sim = simulate(cfg, seed=args.seed)
    r = sim.ratings
    lo, hi = cfg.scale
    print(
        f"{len(r):,} ratings, {r['candidate'].nunique():,} candidates, "
        f"{r['interviewer'].nunique()} interviewers; "
        f"ratings {r['rating'].min()}-{r['rating'].max()} on a {lo}-{hi} scale "
        "(no clipping).\n"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_engine(r, seed=args.seed)
    t_engine = (time.perf_counter() - t0, time.process_time() - c0)
    cand_m, intv_m, t_mixed = fit_mixedlm(r)

    est = candidate_frame(result).reindex(sim.candidates["candidate"])
    true_c = sim.candidates.set_index("candidate")["true"]
    cands = pd.DataFrame(
        {"engine": est["score"].to_numpy(), "mixedlm": cand_m.reindex(est.index).to_numpy()}
    )
    cands["true"] = true_c.reindex(est.index).to_numpy()
    cands["job"] = sim.candidates["job"].to_numpy()
    within = cands.groupby("job")[["engine", "mixedlm", "true"]].transform(lambda s: s - s.mean())

    sev = pd.Series({i.interviewer: i.severity for i in result.interviewers})
    ints = sim.interviewers.set_index("interviewer")
    ints = ints.assign(engine=sev.reindex(ints.index), mixedlm=intv_m.reindex(ints.index)).dropna()
    # The engine's severity may be signed as harshness; MixedLM's effect is leniency.
    sign = 1.0 if corr(ints["engine"], ints["mixedlm"]) >= 0 else -1.0
    rows = [
        ["candidate score vs MixedLM candidate effect", corr(cands["engine"], cands["mixedlm"])],
        ["  same, centred within job", corr(within["engine"], within["mixedlm"])],
        [
            f"interviewer severity (x{sign:+.0f}) vs MixedLM interviewer effect",
            sign * corr(ints["engine"], ints["mixedlm"]),
        ],
        ["engine candidate score vs truth", corr(cands["engine"], cands["true"])],
        ["MixedLM candidate effect vs truth", corr(cands["mixedlm"], cands["true"])],
        [
            f"engine severity (x{sign:+.0f}) vs true severity",
            sign * corr(ints["engine"], ints["severity"]),
        ],
        ["MixedLM interviewer effect vs true severity", corr(ints["mixedlm"], ints["severity"])],
    ]
    print(table(["correlation", "r"], rows, floatfmt=".4f"))
    print(
        f"\nSeverity sign: the engine's severity is {'leniency' if sign > 0 else 'harshness'} "
        "(MixedLM's effect is leniency).\nTarget: r >= 0.99 with MixedLM for both.\n"
    )
    # CPU seconds as well as wall: the machine is shared, and wall time suffers most.
    times = [
        ["engine (in process)", *t_engine],
        ["statsmodels MixedLM (REML)", *t_mixed],
        ["ratio MixedLM / engine", t_mixed[0] / t_engine[0], t_mixed[1] / t_engine[1]],
    ]
    print(table(["fit", "wall s", "CPU s"], times, floatfmt=".2f"))


if __name__ == "__main__":
    main()
