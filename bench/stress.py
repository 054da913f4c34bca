"""Stress suite: the engine on organisations unlike its own model, beside simple baselines.

Each scenario changes one piece of the simulator's structure (``bench.structures``):
separate departments, ratings piled at the ends of a 1-4 scale, skewed talent,
heavy-tailed severities, sparse competency coverage, a shared quality-sorted interview
order (without and with a true contrast effect), drifting leniency, one-value raters. Two
controls for the departments change only the number of jobs, and a control for drift
("wandering drift") drifts without a period (see ``SCENARIOS``).
Each is scored against the oracle that knows the generating model (``bench.oracle``:
Gibbs with data augmentation, Metropolis within Gibbs for skewed talent).

Per scenario it reports the share of the naive-to-oracle regret gap closed (95%
bootstrap interval over jobs) by the engine, by rater-centred means and by the
additive ridge (``bench.baselines``); the ECE of the engine's P(best); the contrast
estimate and its z; whether the interviewers' sds (busy and quiet) and the
candidates' sds are the right size; and, for departments, the gap closed outside the
largest department.

Run: ``.venv/bin/python -m bench.stress [--scenario NAME] [--orgs N] [--first-seed S]``.
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from bench import structures as st
from bench.baselines import additive_ridge, naive_means, rater_centred
from bench.common import candidate_frame, machine, run_engine, table
from bench.decision_quality import ece, per_job
from bench.oracle import oracle_posterior
from bench.rater_sds import interviewer_z
from bench.simulate import SimConfig, simulate

# A small pool of 3-5 per job meets its candidates (2-4 each) in one shared order.
SHARED_PANEL = SimConfig(pool_size=(3, 5), panel_size=(2, 4))
# name -> (configuration, structure, oracle iterations)
SCENARIOS: dict[str, tuple[SimConfig, st.Structure, int]] = {
    "reference (engine's model)": (SimConfig(), st.Structure(), 400),
    "3 departments": (SimConfig(n_teams=3, jobs_per_team=100), st.Structure(), 400),
    "end piling (1-4)": (
        SimConfig(scale=(1, 4), scale_use_sd=0.5, leniency=0.0),
        st.EndPiling(),
        400,
    ),
    "lognormal talent": (SimConfig(), st.LognormalTalent(), 1500),
    "t3 severities": (SimConfig(), st.HeavyTailedSeverity(), 400),
    "sparse coverage (2-3 of 5)": (SimConfig(n_competencies=5), st.SparseCoverage(), 400),
    "shared order, no contrast": (SHARED_PANEL.with_(contrast=0.0), st.SharedOrder(), 400),
    "shared order, contrast -0.1": (SHARED_PANEL, st.SharedOrder(), 400),
    "drift": (SimConfig(), st.Drift(), 400),
    "one-value raters": (SimConfig(), st.OneValueRaters(), 400),
    # The control for "drift" (issue #11): drift of the same size with no period, so
    # that a drift model shaped like the simulator's sine shows whether it only fits it.
    "wandering drift (control for drift)": (SimConfig(), st.WanderingDrift(), 400),
    # Controls for "3 departments" (issue #11): its departments have 100 jobs each, so
    # each interviewer sees about 33 interviews instead of the reference's 50. These two
    # separate data density from the departments: one team with 100 jobs, and three
    # departments with the reference's 150 jobs each.
    "1 department, 100 jobs (control for 3 departments)": (
        SimConfig(jobs_per_team=100),
        st.Structure(),
        400,
    ),
    "3 departments, 150 jobs (control for 3 departments)": (
        SimConfig(n_teams=3, jobs_per_team=150),
        st.Structure(),
        400,
    ),
}
SCORES = ["naive", "centred", "ridge", "engine", "oracle"]
FIRST_SEED = 1000


def one_org(name: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Simulate one organisation; score candidates five ways; check the engine's sds."""
    cfg, structure, n_iter = SCENARIOS[name]
    sim = simulate(cfg, seed=seed, structure=structure)
    r = sim.ratings
    c = sim.candidates.copy()
    c["org"] = seed
    c["dept"] = c["job_idx"] // cfg.jobs_per_team
    ids = c["candidate"]
    c["naive"] = naive_means(r).reindex(ids).to_numpy()
    c["centred"] = rater_centred(r).reindex(ids).to_numpy()
    c["ridge"] = additive_ridge(r).reindex(ids).to_numpy()
    c["oracle"], c["oracle_pb"] = oracle_posterior(sim, n_iter=n_iter, seed=seed)
    t0 = time.perf_counter()
    res = run_engine(r, seed=seed)
    secs = time.perf_counter() - t0
    est = candidate_frame(res).reindex(ids)
    c["engine"], c["engine_sd"], c["engine_pb"] = (
        est["score"].to_numpy(),
        est["sd"].to_numpy(),
        est["p_best"].to_numpy(),
    )
    # An interviewer's department is that of the jobs they rate (never more than one).
    job_dept = r["job"].str[1:].astype(int) // cfg.jobs_per_team
    dept_of = job_dept.groupby(r["interviewer"]).first()
    dept_of = sim.interviewers["interviewer"].map(dept_of).fillna(-1).to_numpy(int)
    z = interviewer_z(sim, res, dept_of).assign(org=seed)
    # The department the engine calibrates: the one with most connected interviewers.
    # (An engine that calibrates every group may drop the flag: then all count.)
    connected = np.array([getattr(i, "connected", True) for i in res.interviewers])
    dept_est = pd.Index(sim.interviewers["interviewer"]).get_indexer(
        [i.interviewer for i in res.interviewers]
    )
    n_conn = np.bincount(dept_of[dept_est], connected, dept_of.max() + 1)
    n_all = np.bincount(dept_of[dept_est], minlength=dept_of.max() + 1)
    org = {
        "org": seed,
        "n_ratings": len(r),
        "ends": float(r["rating"].isin([r["scale_min"].iloc[0], r["scale_max"].iloc[0]]).mean()),
        "contrast": res.effects.contrast,
        "contrast_sd": res.effects.contrast_sd,
        "unconnected": int((~connected).sum()),
        "interviewers": len(res.interviewers),
        "warnings": len(res.warnings),
        "main_dept": int(np.lexsort((n_all, n_conn))[-1]),
        "secs": secs,
    }
    return c, z, org


def collect(name: str, seeds: range, workers: int):
    run = partial(one_org, name)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(run, seeds))
    else:
        parts = [run(s) for s in seeds]
    c = pd.concat([p[0] for p in parts], ignore_index=True)
    c["job_key"] = pd.factorize(c["org"].astype(str) + "/" + c["job"])[0]
    z = pd.concat([p[1] for p in parts], ignore_index=True)
    orgs = pd.DataFrame([p[2] for p in parts])
    return c, z, orgs


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name)


def saved_scenarios(directory: Path) -> list[str]:
    """The scenarios with organisations saved in ``directory``, in the suite's order.

    A directory saved before a scenario joined the suite lacks it; summarising it whole
    skips what it lacks rather than failing after the work is done.
    """
    return [name for name in SCENARIOS if any(directory.glob(f"{_slug(name)}-*.pkl"))]


def saved(name: str, directory: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """All organisations of a scenario saved in ``directory`` by earlier runs (``--save``)."""
    parts = [pd.read_pickle(f) for f in sorted(directory.glob(f"{_slug(name)}-*.pkl"))]
    if not parts:
        raise SystemExit(f"nothing saved for {name!r} in {directory}")
    orgs = pd.concat([p[2] for p in parts], ignore_index=True).drop_duplicates("org")
    c = pd.concat([p[0] for p in parts], ignore_index=True).drop_duplicates(["org", "candidate"])
    z = pd.concat([p[1] for p in parts], ignore_index=True).drop_duplicates(["org", "interviewer"])
    c["job_key"] = pd.factorize(c["org"].astype(str) + "/" + c["job"])[0]
    return c.reset_index(drop=True), z, orgs


def gap_draws(
    c: pd.DataFrame, scores: list[str], n_boot: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """Gap closed by each of ``scores[1:-1]`` (the first is naive, the last the oracle):
    the point estimate then ``n_boot`` bootstrap draws over jobs, numerators and
    denominators resampled together."""
    jobs = per_job(c, scores)
    reg = jobs[[f"regret_{s}" for s in scores]].to_numpy()
    n = len(jobs)
    rng = np.random.default_rng(seed)
    w = np.vstack([np.ones(n), rng.multinomial(n, np.full(n, 1 / n), size=n_boot)])
    mean = w @ reg / n
    naive, oracle = mean[:, 0], mean[:, -1]
    return {s: (naive - mean[:, k]) / (naive - oracle) for k, s in enumerate(scores[1:-1], start=1)}


def point_and_interval(draws: dict[str, np.ndarray]) -> dict[str, tuple[float, float, float]]:
    return {k: (v[0], *np.percentile(v[1:], [2.5, 97.5])) for k, v in draws.items()}


def gap_shares(
    c: pd.DataFrame, n_boot: int, seed: int = 0
) -> dict[str, tuple[float, float, float]]:
    """Gap closed by each score and engine minus ridge: point and 95% bootstrap over jobs."""
    out = gap_draws(c, SCORES, n_boot, seed)
    out["engine - ridge"] = out["engine"] - out["ridge"]
    return point_and_interval(out)


def pairwise_z_sd(c: pd.DataFrame) -> float:
    """SD of (score difference - true difference) / its reported sd, over pairs within jobs."""
    zs = []
    for _, g in c.groupby("job_key"):
        s, sd, t = g["engine"].to_numpy(), g["engine_sd"].to_numpy(), g["true"].to_numpy()
        i, j = np.triu_indices(len(g), 1)
        zs.append(((s[i] - s[j]) - (t[i] - t[j])) / np.hypot(sd[i], sd[j]))
    return float(np.std(np.concatenate(zs)))


def centred_z_sd(c: pd.DataFrame) -> float:
    """SD of (score - true standing less its job's mean) / reported sd, over candidates.

    The engine's score and sd are those of the standing relative to the job's average
    candidate, whose error shares the average's: with independent errors of variance
    ``v`` in a job of ``n``, each score's variance is ``v (1 - 1 / n)`` and a pair's
    difference ``2 v``, so :func:`pairwise_z_sd`, which divides a pair's difference by
    the root of the two sds' squares, reads an honest sd ``sqrt(n / (n - 1))`` too
    narrow (1.10 at n = 6). This checks the sd against the error of what it is the sd of.
    Jobs of one candidate, whose score is relative to the model's job mean, are left out.
    """
    sizes = c.groupby("job_key")["true"].transform("size")
    keep = sizes > 1
    sub = c[keep]
    truth = sub["true"] - sub.groupby("job_key")["true"].transform("mean")
    return float(np.std((sub["engine"] - truth) / sub["engine_sd"]))


def ci(v: tuple[float, float, float]) -> str:
    return f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]"


def main(argv: list[str] | None = None) -> None:
    """Run the suite and print its tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="only these")
    ap.add_argument("--orgs", type=int, default=50, help="organisations per scenario (50)")
    ap.add_argument("--first-seed", type=int, default=FIRST_SEED)
    ap.add_argument("--quick", action="store_true", help="2 organisations, 200 bootstraps")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--save", type=Path, metavar="DIR", help="also save each scenario's frames")
    ap.add_argument(
        "--load", type=Path, metavar="DIR", help="summarise all organisations saved in DIR"
    )
    args = ap.parse_args(argv)
    n_orgs, n_boot = (2, 200) if args.quick else (args.orgs, 1000)
    print(f"# Stress suite\n\nMachine: {machine()}\n")
    gaps, checks, depts = [], [], []
    names = args.scenario or (saved_scenarios(args.load) if args.load else list(SCENARIOS))
    for name in names:
        t0 = time.perf_counter()
        seeds = range(args.first_seed, args.first_seed + n_orgs)
        if args.load:
            c, z, orgs = saved(name, args.load)
            seeds = range(orgs["org"].min(), orgs["org"].max() + 1)
        else:
            c, z, orgs = collect(name, seeds, args.workers)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            pd.to_pickle(
                (c, z, orgs), args.save / f"{_slug(name)}-{seeds.start}-{seeds.stop - 1}.pkl"
            )
        g = gap_shares(c, n_boot)
        gaps.append(
            [name, len(orgs), c["job_key"].nunique(), f"{orgs['ends'].mean():.2f}"]
            + [ci(g[s]) for s in ("engine", "centred", "ridge", "engine - ridge")]
        )
        is_best = c.index.isin(c.groupby("job_key")["true"].idxmax()).astype(float)
        # P(best) is NaN where the engine says a job's candidates are not comparable.
        given = c["engine_pb"].notna().to_numpy()
        zc = orgs["contrast"] / orgs["contrast_sd"]
        sds = [
            f"{z.loc[z['busy'] == b, col].std():.2f}"
            for col in ("z_severity", "z_scale_use")
            for b in (True, False)
        ]
        checks.append(
            [
                name,
                f"{ece(c['engine_pb'].to_numpy()[given], is_best[given]):.3f}",
                f"{ece(c['oracle_pb'].to_numpy(), is_best):.3f}",
                f"{orgs['contrast'].mean():+.3f} ± {orgs['contrast'].std():.3f}",
                f"{zc.mean():+.1f} ({(zc.abs() > 2).mean():.2f})",
                *sds,
                f"{pairwise_z_sd(c):.2f}",
                f"{centred_z_sd(c):.2f}",
                f"{orgs['unconnected'].mean():.0f}/{orgs['interviewers'].mean():.0f}",
                f"{orgs['secs'].mean():.2f}",
            ]
        )
        if c["dept"].nunique() > 1:
            # "Main": the department with most interviewers the engine calls connected.
            main_dept = orgs.set_index("org")["main_dept"]
            other = c["dept"].to_numpy() != c["org"].map(main_dept).to_numpy()
            for label, part in (("the engine's main group", ~other), ("the others", other)):
                sub = c[part]
                gs = gap_shares(sub, n_boot)
                depts.append(
                    [name, label, sub["job_key"].nunique()]
                    + [ci(gs[s]) for s in ("engine", "centred", "ridge")]
                )
        took = time.perf_counter() - t0
        print(f"(scenario {name!r}: seeds {seeds.start}-{seeds.stop - 1}, {took:.0f} s)")
    heads = ["scenario", "orgs", "jobs", "share on ends", "gap closed: engine"]
    heads += ["rater-centred", "additive ridge", "engine − ridge"]
    print("\n## Share of the naive-to-oracle regret gap closed\n\n" + table(heads, gaps))
    heads = ["scenario", "ECE P(best) engine", "ECE oracle", "contrast (± sd over orgs)"]
    heads += ["mean z (share abs z > 2)", "sev z SD busy", "sev z SD quiet", "use z SD busy"]
    heads += ["use z SD quiet", "cand pair z SD", "cand z SD", "not connected", "engine s/org"]
    print("\n## Calibration and honesty\n\n" + table(heads, checks))
    if depts:
        heads = ["scenario", "jobs of", "jobs", "engine", "rater-centred", "additive ridge"]
        print("\n## Departments\n\n" + table(heads, depts))
    print(
        "\nGap closed: (regret naive − regret X) / (regret naive − regret oracle), 95% bootstrap"
        " over jobs. z SDs: SD of (estimate − truth) / reported sd; 1.00 is honest (busy ="
        " at least the median number of ratings). cand z SD: each candidate's score"
        " against the true standing less its job's mean (cand pair z SD reads honest"
        " job-centred sds about 1.1). Contrast truth: 0 on 'no contrast',"
        " −0.1 elsewhere (lag 1)."
    )


if __name__ == "__main__":
    main()
