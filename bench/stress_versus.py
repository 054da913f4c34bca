"""Two stress scenarios side by side: the gap each closes and the difference between them,
from a directory saved by ``bench.stress --save``.

    python -m bench.stress_versus DIR "SCENARIO A" "SCENARIO B" [--score engine ...]

The scenarios simulate different organisations, so the difference is not paired: each
scenario's jobs are resampled on their own (95% bootstrap over jobs, numerators and
denominators together) and the difference is taken draw by draw.

Beside the realised share (regrets on the true standings, as ``bench.stress`` reports
it) comes the oracle-scored share: each pick is valued by the oracle's posterior mean
instead of its true standing, in the numerator and the denominator. The oracle's mean
is E[true | data], so each regret difference keeps its expectation while the luck of
which candidate turned out best given the data drops out, which narrows the interval
(see ``bench.stress_compare``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import machine, table
from bench.stress import SCENARIOS, gap_draws, saved

N_BOOT = 1000


def oracle_scored_draws(
    c: pd.DataFrame, scores: list[str], n_boot: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """Gap closed by each score with picks valued by the oracle's posterior mean: the
    point then ``n_boot`` bootstrap draws over jobs (naive and oracle are the ends)."""
    g = c.groupby("job_key")
    value = c["oracle"].to_numpy()
    v = {s: value[g[s].idxmax().to_numpy()] for s in ["naive", *scores, "oracle"]}
    n = len(v["naive"])
    rng = np.random.default_rng(seed)
    w = np.vstack([np.ones(n), rng.multinomial(n, np.full(n, 1 / n), size=n_boot)])
    gap = w @ (v["oracle"] - v["naive"])
    return {s: (w @ (v[s] - v["naive"])) / gap for s in scores}


def versus(
    a: pd.DataFrame, b: pd.DataFrame, score: str, n_boot: int = N_BOOT
) -> dict[str, tuple[float, float, float]]:
    """Gap closed by ``score`` on a and on b and b − a, realised and oracle-scored:
    point and 95% interval. The two bootstraps use different seeds (independent)."""
    out = {}
    for label, draws in (
        ("realised", lambda c, s: gap_draws(c, ["naive", score, "oracle"], n_boot, s)[score]),
        ("oracle-scored", lambda c, s: oracle_scored_draws(c, [score], n_boot, s)[score]),
    ):
        da, db = draws(a, 0), draws(b, 1)
        for key, d in ((f"{label}: A", da), (f"{label}: B", db), (f"{label}: B − A", db - da)):
            out[key] = (d[0], *np.percentile(d[1:], [2.5, 97.5]))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("a", choices=list(SCENARIOS))
    ap.add_argument("b", choices=list(SCENARIOS))
    ap.add_argument("--score", action="append", choices=["engine", "centred", "ridge"])
    args = ap.parse_args(argv)
    print(f"# Two stress scenarios side by side\n\nMachine: {machine()}\n")
    c_a, _, orgs_a = saved(args.a, args.directory)
    c_b, _, orgs_b = saved(args.b, args.directory)
    print(f"A: {args.a} ({len(orgs_a)} orgs, {c_a['job_key'].nunique()} jobs)")
    print(f"B: {args.b} ({len(orgs_b)} orgs, {c_b['job_key'].nunique()} jobs)\n")
    rows = []
    for score in args.score or ["engine", "ridge"]:
        g = versus(c_a, c_b, score)
        rows.append([score] + [f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]" for v in g.values()])
    heads = ["score", "gap closed: A", "B", "B − A"]
    heads += ["oracle-scored: A", "B", "B − A"]
    print(table(heads, rows))


if __name__ == "__main__":
    main()
