"""Two engines on the same stress organisations: the gap each closes and their paired
difference, from two directories saved by ``bench.stress --save`` on the same seeds.

    python -m bench.stress_compare BEFORE_DIR AFTER_DIR [--scenario NAME ...]

Save BEFORE_DIR with the older engine (for example a worktree with the older
``secondround/engine`` checked out, run with ``PYTHONPATH=.``) and AFTER_DIR with the
newer one. The organisations, naive means, ridge and oracle are the same in both; only
the engine's column differs, so the difference is paired job by job (95% bootstrap over
jobs, numerators and denominators resampled together).
"""

import argparse
from pathlib import Path

from bench.common import machine, table
from bench.stress import SCENARIOS, gap_draws, point_and_interval, saved

N_BOOT = 1000


def paired_gaps(before, after, n_boot: int = N_BOOT, seed: int = 0) -> dict[str, tuple]:
    """Gap closed by each engine and after − before: point and 95% interval."""
    keys = ["org", "job", "candidate"]
    both = before.merge(after[keys + ["engine"]], on=keys, suffixes=("_before", "_after"))
    draws = gap_draws(both, ["naive", "engine_before", "engine_after", "oracle"], n_boot, seed)
    out = {"before": draws["engine_before"], "after": draws["engine_after"]}
    out["after − before"] = out["after"] - out["before"]
    return point_and_interval(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS))
    args = ap.parse_args(argv)
    print(f"# Two engines on the same stress organisations\n\nMachine: {machine()}\n")
    rows = []
    for name in args.scenario or list(SCENARIOS):
        if not any(args.before.glob("*.pkl")) or not any(args.after.glob("*.pkl")):
            raise SystemExit("nothing saved in one of the directories")
        c_before, _, orgs = saved(name, args.before)
        c_after, _, _ = saved(name, args.after)
        g = paired_gaps(c_before, c_after)
        rows.append(
            [name, len(orgs), c_before["job_key"].nunique()]
            + [f"{g[k][0]:.3f} [{g[k][1]:.3f}, {g[k][2]:.3f}]" for k in g]
        )
    heads = ["scenario", "orgs", "jobs", "gap closed: before", "after", "after − before"]
    print(table(heads, rows))


if __name__ == "__main__":
    main()
