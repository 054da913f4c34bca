"""Face value against the ordinal likelihood, paired on the same organisations.

Each organisation is simulated once and scored by the oracle once; the engine then
runs with ``likelihood="face"`` and ``likelihood="ordinal"`` one after the other in
the same process (so both see the same load). Per scenario it reports, for each
likelihood, the share of the naive-to-oracle regret gap closed, the paired
difference ordinal - face (95% bootstrap over jobs, the jobs resampled jointly for
both), the ECE of P(best), the interviewers' severity and scale-use z SDs (busy and
quiet; 1.00 is honest), the severity RMSE in rating points and the engine's seconds.

Scenarios: those of ``bench.stress`` plus ``"1-4 scale"`` and ``"default (1-5)"`` of
``bench.decision_quality`` (the simulator with its own structure; "default (1-5)" is
the same organisations as the stress suite's reference, seed for seed).

Run: ``.venv/bin/python -m bench.likelihoods --scenario NAME [--orgs N] [--first-seed S]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from bench import decision_quality as dq
from bench import structures as st
from bench.common import candidate_frame, machine, table
from bench.decision_quality import ece, per_job
from bench.oracle import oracle_posterior
from bench.rater_sds import interviewer_z
from bench.simulate import SimConfig, naive_scores, simulate
from bench.stress import FIRST_SEED
from bench.stress import SCENARIOS as STRESS

LIKELIHOODS = ("face", "ordinal")
SCENARIOS = dict(STRESS)
SCENARIOS.update(
    {name: (SimConfig().with_(**dq.SCENARIOS[name]), st.Structure(), 400) for name in dq.MAIN}
)


def engine(ratings: pd.DataFrame, seed: int, likelihood: str):
    """The engine on a ratings frame, with the given likelihood."""
    from secondround.engine import RatingsTable, calibrate

    t = RatingsTable.from_columns(
        *(ratings[k].to_numpy(dtype=str) for k in ("job", "candidate", "interviewer")),
        ratings["competency"].to_numpy(dtype=str),
        *(ratings[k].to_numpy(dtype=np.int64) for k in ("rating", "scale_min", "scale_max")),
        ratings["interviewed_at"].to_numpy(),
    )
    return calibrate(t, seed=seed, likelihood=likelihood)


def one_org(name: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One organisation: candidates scored both ways, interviewers' z both ways."""
    cfg, structure, n_iter = SCENARIOS[name]
    sim = simulate(cfg, seed=seed, structure=structure)
    c = sim.candidates.copy()
    c["org"] = seed
    c["naive"] = naive_scores(sim)
    c["oracle"], c["oracle_pb"] = oracle_posterior(sim, n_iter=n_iter, seed=seed)
    zs = []
    for lik in LIKELIHOODS:
        t0 = time.perf_counter()
        res = engine(sim.ratings, seed, lik)
        c[f"secs_{lik}"] = time.perf_counter() - t0
        est = candidate_frame(res).reindex(c["candidate"])
        c[lik], c[f"{lik}_pb"] = est["score"].to_numpy(), est["p_best"].to_numpy()
        zs.append(interviewer_z(sim, res).assign(org=seed, likelihood=lik))
    return c, pd.concat(zs, ignore_index=True)


def summary(c: pd.DataFrame, z: pd.DataFrame, n_boot: int) -> dict[str, list]:
    """Per likelihood: gap closed [CI], ordinal - face [CI], ECE, z SDs, RMSE, seconds."""
    jobs = per_job(c, ["naive", *LIKELIHOODS, "oracle"])
    n = len(jobs)
    rng = np.random.default_rng(0)
    w = np.vstack([np.ones(n), rng.multinomial(n, np.full(n, 1 / n), size=n_boot)])
    mean = {k: w @ jobs[f"regret_{k}"].to_numpy() / n for k in ["naive", *LIKELIHOODS, "oracle"]}
    gap = {k: (mean["naive"] - mean[k]) / (mean["naive"] - mean["oracle"]) for k in LIKELIHOODS}
    diff = gap["ordinal"] - gap["face"]

    def ci(v: np.ndarray) -> str:
        lo, hi = np.percentile(v[1:], [2.5, 97.5])
        return f"{v[0]:.3f} [{lo:.3f}, {hi:.3f}]"

    is_best = c.index.isin(c.groupby("job_key")["true"].idxmax()).astype(float)
    out = {}
    for k in LIKELIHOODS:
        zk = z[z["likelihood"] == k]
        given = c[f"{k}_pb"].notna().to_numpy()
        sds = [
            f"{zk.loc[zk['busy'] == b, col].std():.2f}"
            for col in ("z_severity", "z_scale_use")
            for b in (True, False)
        ]
        rmse = np.sqrt(np.mean((zk["b_hat"] - zk["b"]) ** 2))
        out[k] = [
            k,
            ci(gap[k]),
            ci(diff) if k == "ordinal" else "",
            f"{ece(c[f'{k}_pb'].to_numpy()[given], is_best[given]):.3f}",
            *sds,
            f"{rmse:.3f}",
            f"{c.groupby('org')[f'secs_{k}'].first().mean():.2f}",
        ]
    return out


def main(argv: list[str] | None = None) -> None:
    """Run the comparison and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="only these")
    ap.add_argument("--orgs", type=int, default=12, help="organisations per scenario (12)")
    ap.add_argument("--first-seed", type=int, default=FIRST_SEED)
    args = ap.parse_args(argv)
    print(f"# Face value against the ordinal likelihood\n\nMachine: {machine()}\n")
    rows = []
    for name in args.scenario or list(SCENARIOS):
        t0 = time.perf_counter()
        seeds = range(args.first_seed, args.first_seed + args.orgs)
        parts = [one_org(name, s) for s in seeds]
        c = pd.concat([p[0] for p in parts], ignore_index=True)
        c["job_key"] = pd.factorize(c["org"].astype(str) + "/" + c["job"])[0]
        z = pd.concat([p[1] for p in parts], ignore_index=True)
        s = summary(c, z, 1000)
        rows += [[name, args.orgs, c["job_key"].nunique(), *s[k]] for k in LIKELIHOODS]
        print(
            f"(scenario {name!r}: seeds {seeds.start}-{seeds.stop - 1}, "
            f"{time.perf_counter() - t0:.0f} s; {machine().split(', ')[-1]})",
            flush=True,
        )
    heads = ["scenario", "orgs", "jobs", "likelihood", "gap closed", "ordinal − face"]
    heads += ["ECE P(best)", "sev z SD busy", "sev z SD quiet", "use z SD busy", "use z SD quiet"]
    heads += ["severity RMSE", "engine s/org"]
    print("\n" + table(heads, rows))
    print(
        "\nGap closed: (regret naive − regret X) / (regret naive − regret oracle); 95% bootstrap"
        "\nover jobs, the difference paired (same jobs resampled for both). z SDs: SD of"
        "\n(estimate − truth) / reported sd, 1.00 honest (busy = at least the median number of"
        "\nratings). Severity RMSE in rating points, against the truth on the engine's"
        "\nconventions (bench.rater_sds.interviewer_z)."
    )


if __name__ == "__main__":
    main()
