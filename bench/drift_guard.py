"""How often the engine's drift step models drift, per stress scenario.

The drift step (``drift.drift_offsets``) models an interviewer's drifting leniency only
when the lag-1 covariance of the residuals is beyond ``drift.DRIFT_GUARD_SE`` standard
errors; otherwise it returns no drift and leaves the scores as they were. A change to the
drift model can therefore move a scenario's scores only where this guard fires. For each
scenario this simulates the organisations ``bench.stress`` would (same seeds, no oracle), runs the
engine with the drift step counted, and prints how many of its calls modelled drift and
in how many organisations the last pass did.

    .venv/bin/python -m bench.drift_guard [--orgs N] [--first-seed S] [--scenario NAME ...]
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager

from bench.common import machine, run_engine, table
from bench.simulate import simulate
from bench.stress import FIRST_SEED, SCENARIOS
from secondround.engine import model


@contextmanager
def counted_drift_step(calls: list[bool]):
    """Record, for every call of the fit's drift step, whether it modelled drift."""
    step = model.drift_offsets

    def counting(*args, **kwargs):
        out = step(*args, **kwargs)
        calls.append(out[1] > 0)
        return out

    model.drift_offsets = counting
    try:
        yield calls
    finally:
        model.drift_offsets = step


def guard_counts(name: str, seeds: range) -> dict:
    """Calls of the drift step that modelled drift, over ``seeds``' organisations."""
    cfg, structure, _ = SCENARIOS[name]
    fired = calls = last_fired = 0
    for seed in seeds:
        with counted_drift_step([]) as org_calls:
            run_engine(simulate(cfg, seed=seed, structure=structure).ratings, seed=seed)
        fired += sum(org_calls)
        calls += len(org_calls)
        last_fired += bool(org_calls and org_calls[-1])
    return {"fired": fired, "calls": calls, "orgs": len(seeds), "last_fired": last_fired}


def main(argv: list[str] | None = None) -> None:
    """Print the table of guard counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="only these")
    ap.add_argument("--orgs", type=int, default=30, help="organisations per scenario (30)")
    ap.add_argument("--first-seed", type=int, default=FIRST_SEED)
    args = ap.parse_args(argv)
    seeds = range(args.first_seed, args.first_seed + args.orgs)
    print(f"# Drift guard\n\nMachine: {machine()}\n")
    rows = []
    for name in args.scenario or list(SCENARIOS):
        n = guard_counts(name, seeds)
        rows.append(
            [name, n["orgs"], f"{n['fired']} of {n['calls']}", f"{n['last_fired']} of {n['orgs']}"]
        )
    heads = ["scenario", "orgs", "drift modelled: calls", "organisations (last pass)"]
    print(table(heads, rows, ".2f"))
    print(
        f"\nSeeds {seeds.start}-{seeds.stop - 1}. Where no call models drift, the drift"
        " model's settings cannot move the scenario's scores."
    )


if __name__ == "__main__":
    main()
