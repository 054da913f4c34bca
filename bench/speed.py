"""Speed and memory of the calibration CLI, end to end, against file size.

For each size it writes a simulated Ratings CSV (``bench.simulate``, default
organisation, 1-5 scale) and runs ``python -m secondround.engine RATINGS.csv --json
OUT.json`` as a subprocess, measuring its wall time and its peak resident set size
(``ru_maxrss`` of that child, from ``os.wait4``) and CPU time (user + system). Each
size is run ``--repeat`` times; the median and range of wall time, the median CPU time
and the largest peak RSS are reported. CPU time is less disturbed by other load. Time
includes starting Python, importing numpy/scipy, reading the CSV and writing the JSON.

Run: ``.venv/bin/python -m bench.speed [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import engine_available, machine, table
from bench.simulate import simulate_n, write_ratings_csv

SIZES = [10_000, 100_000, 300_000, 1_000_000]
# What the command imports before it reads the CSV (engine/cli.py): since branch speed4
# ``import secondround.engine`` alone loads neither numpy nor scipy nor pandas, so it no
# longer measures the startup that "after startup" subtracts.
STARTUP = (
    "import pandas, secondround.engine.api, secondround.engine.csvio, secondround.engine.jsonout"
)
TARGET_S, TARGET_MB = 5.0, 1536.0


def run_child(cmd: list[str]) -> tuple[float, float, int, float]:
    """Run ``cmd``; return wall seconds, its peak RSS in MiB, exit status, CPU seconds."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be a running max).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"  command failed ({code}): {' '.join(cmd)}\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, code, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    ap = argparse.ArgumentParser(description="Speed and peak memory of the calibration CLI.")
    ap.add_argument("--quick", action="store_true", help="10k and 100k ratings, one run each")
    ap.add_argument("--repeat", type=int, help="runs per size (default 5; 1 with --quick)")
    ap.add_argument("--sizes", type=int, nargs="+", help=f"numbers of ratings (default {SIZES})")
    ap.add_argument("--workdir", help="where to write the CSVs (default: a temporary directory)")
    args = ap.parse_args(argv)
    sizes = args.sizes or (SIZES[:2] if args.quick else SIZES)
    # Five runs: on a shared machine the spread is large, and the minimum tells most.
    repeat = args.repeat or (1 if args.quick else 5)
    print(f"# Speed and memory of `python -m secondround.engine`\n\nMachine: {machine()}\n")
    ok, why = engine_available()
    if not ok:
        print(f"SKIPPED: the engine is not available ({why}).")
        sys.exit(1)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        base, _, _, _ = run_child([sys.executable, "-c", STARTUP])
        print(f"Startup (python -c '{STARTUP}'): {base:.2f} s\n")
        rows = []
        for n in sizes:
            csv = Path(tmp) / f"ratings_{n}.csv"
            t0 = time.perf_counter()
            ratings = simulate_n(n, seed=n)
            write_ratings_csv(ratings, csv)
            gen = time.perf_counter() - t0
            out = Path(tmp) / "out.json"
            cmd = [sys.executable, "-m", "secondround.engine", str(csv), "--json", str(out)]
            runs = [run_child(cmd) for _ in range(repeat)]
            walls = [w for w, _, c, _ in runs if c == 0]
            cpus = [u for _, _, c, u in runs if c == 0]
            # End to end means a usable JSON: check that it lists every candidate.
            n_cand = ratings["candidate"].nunique()
            if walls and len(json.loads(out.read_text())["candidates"]) != n_cand:
                print(f"  {n:,} ratings: the JSON does not list every candidate")
                walls = []
            if not walls:
                rows.append([f"{n:,}", "FAILED"] + [""] * 7)
                continue
            wall, rss = float(np.median(walls)), max(r for _, r, c, _ in runs if c == 0)
            rows.append(
                [
                    f"{n:,}",
                    f"{ratings['candidate'].nunique():,}",
                    f"{ratings['interviewer'].nunique():,}",
                    f"{csv.stat().st_size / 2**20:.1f}",
                    f"{wall:.2f}"
                    + (f" ({min(walls):.2f}-{max(walls):.2f})" if len(walls) > 1 else ""),
                    f"{np.median(cpus):.2f}",
                    f"{wall / n * 1e6:.2f}",
                    f"{(wall - base) / n * 1e6:.2f}",
                    f"{rss:.0f}",
                ]
            )
            print(f"({n:,} ratings: generated in {gen:.1f} s, calibrated in {wall:.2f} s)")
            csv.unlink()
    heads = [
        "ratings",
        "candidates",
        "interviewers",
        "CSV MiB",
        "wall s (median, range)",
        "CPU s (median)",
        "µs/rating",
        "µs/rating after startup",
        "peak RSS MiB",
    ]
    print("\n" + table(heads, rows))
    print(
        f"\nTarget: 1M ratings in <= {TARGET_S:.0f} s and <= {TARGET_MB / 1024:.1f} GiB peak RSS."
    )


if __name__ == "__main__":
    main()
