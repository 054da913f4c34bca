"""How an interviewer's severity error grows as they share fewer candidates with colleagues.

The engine flags an interviewer as "weak" when they share fewer than ``MIN_LINKS``
candidates with colleagues (``secondround/engine/evidence.py``): their severity is said
to rest mostly on the prior. This measures that threshold's basis. Simulated
organisations with few jobs per team (``--jobs``, 30 by default against the
simulator's 150) leave many interviewers with a handful of interviews. For each
interviewer, the shared candidates (their candidates whom someone else interviewed
too) are counted, and their severity error is taken against the simulated truth on the
engine's conventions (``bench.rater_sds.interviewer_z``). Per number of shared
candidates it reports the RMS error, the mean reported ``severity_sd``, and the share
of the prior variance (the variance of the true severities) the error leaves: above
0.5 the estimate has learnt less than half of what there is to know, so it rests
mostly on the prior.

Run: ``.venv/bin/python -m bench.links [--orgs N] [--jobs J]``.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from bench.common import machine, run_engine, table
from bench.rater_sds import interviewer_z
from bench.simulate import SimConfig, simulate

BINS = [(1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 20), (21, 10**9)]


def shared_candidates(ratings: pd.DataFrame) -> pd.Series:
    """Per interviewer: their candidates whom another interviewer rated too."""
    pairs = ratings[["candidate", "interviewer"]].drop_duplicates()
    panel = pairs.groupby("candidate")["interviewer"].transform("size")
    return (panel > 1).groupby(pairs["interviewer"]).sum()


def one_org(seed: int, jobs: int) -> pd.DataFrame:
    sim = simulate(SimConfig(jobs_per_team=jobs), seed=seed)
    z = interviewer_z(sim, run_engine(sim.ratings, seed=seed))
    links = shared_candidates(sim.ratings)
    z["links"] = z["interviewer"].map(links).fillna(0).astype(int)
    z["prior_var"] = float(np.var(z["b"]))
    return z[["links", "b", "b_hat", "b_sd", "prior_var"]]


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orgs", type=int, default=20, help="organisations (20)")
    ap.add_argument("--jobs", type=int, default=30, help="jobs per team (30)")
    ap.add_argument("--first-seed", type=int, default=1000)
    args = ap.parse_args(argv)
    print(f"# Severity error by shared candidates\n\nMachine: {machine()}\n")
    seeds = range(args.first_seed, args.first_seed + args.orgs)
    d = pd.concat([one_org(s, args.jobs) for s in seeds], ignore_index=True)
    err2 = (d["b_hat"] - d["b"]) ** 2
    rows = []
    for lo, hi in BINS:
        m = d["links"].between(lo, hi)
        if not m.any():
            continue
        label = str(lo) if lo == hi else (f"{lo}-{hi}" if hi < 10**9 else f"{lo}+")
        rows.append(
            [
                label,
                int(m.sum()),
                float(np.sqrt(err2[m].mean())),
                float(d.loc[m, "b_sd"].mean()),
                float(err2[m].mean() / d.loc[m, "prior_var"].mean()),
                float(np.std((d["b_hat"] - d["b"])[m] / d.loc[m, "b_sd"])),
            ]
        )
    heads = ["shared candidates", "interviewers", "RMS severity error", "mean severity_sd"]
    heads += ["share of prior variance left", "SD of z"]
    print(table(heads, rows))
    print(
        f"\nSeeds {seeds.start}-{seeds.stop - 1}, {args.jobs} jobs per team; errors in rating"
        " points (1-5 scale). Share of prior variance left: mean squared error over the"
        " variance of the true severities (1 = nothing learnt, 0 = known exactly)."
    )


if __name__ == "__main__":
    main()
