"""The command line of several engines on one file, in rotated rounds: wall, CPU, RSS.

Each engine is a ``git archive`` of a revision, compiled to bytecode (the shells here
export PYTHONDONTWRITEBYTECODE=1, which would charge every run its compile), run as

    /usr/bin/time -f "%e %U %S %M" env PYTHONPATH=DIR python -m secondround.engine
        RATINGS.csv --json OUT.json --quiet

Round k runs the engines in the order rotated by k, so that none always goes first
(or last) in a shared machine's minutes. Prints a Markdown table, a row per round, and the
medians of the per-round ratios of each engine to each engine before it. Issue #11
compared the engine before the issue, main and a branch this way.

    .venv/bin/python -m bench.cli_triplets RATINGS.csv before=0d86112 main=main pbest2=HEAD
        [--rounds 12] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import machine

TIME_FORMAT = "%e %U %S %M"  # wall s, user s, system s, peak RSS KiB


def checkout(rev: str, target: Path) -> Path:
    """``git archive`` of ``rev`` into ``target``, its engine compiled to bytecode."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(target / "secondround")], check=True
    )
    return target


def timed_run(directory: Path, ratings: Path, out: Path) -> dict[str, float]:
    """One run of the command line of the engine in ``directory``: wall, cpu, rss_mib.

    It runs in ``out``'s directory: ``python -m`` puts the working directory ahead of
    PYTHONPATH, so from a checkout every run would time that checkout's engine.
    """
    cmd = ["/usr/bin/time", "-f", TIME_FORMAT, "env", f"PYTHONPATH={directory.resolve()}"]
    cmd += [
        sys.executable,
        "-m",
        "secondround.engine",
        str(ratings.resolve()),
        "--json",
        str(out.resolve()),
        "--quiet",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=out.parent)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    wall, user, system, rss_kib = done.stderr.strip().splitlines()[-1].split()
    return dict(wall=float(wall), user=float(user), system=float(system), rss=float(rss_kib) / 1024)


def rotated(names: list[str], k: int) -> list[str]:
    """The order of round ``k``: ``names`` rotated left by k."""
    k %= len(names)
    return names[k:] + names[:k]


def rounds(
    engines: dict[str, Path], ratings: Path, n_rounds: int, out_dir: Path
) -> list[dict[str, object]]:
    """``n_rounds`` rounds of every engine, rotated; one row per round."""
    names = list(engines)
    rows = []
    for k in range(n_rounds):
        row: dict[str, object] = {
            "round": k + 1,
            "utc": time.strftime("%H:%M:%S", time.gmtime()),
            "load": os.getloadavg()[0],
            "order": rotated(names, k),
        }
        for name in row["order"]:
            row[name] = timed_run(engines[name], ratings, out_dir / f"{name}.json")
        rows.append(row)
        print(markdown_row(row, names), flush=True)
    return rows


def markdown_row(row: dict[str, object], names: list[str]) -> str:
    """A round as a table row: each engine's wall, user + system, MiB; ratios to the first."""
    cells = [str(row["round"]), str(row["utc"]), f"{row['load']:.2f}"]
    for name in names:
        r = row[name]
        cells += [f"{r['wall']:.2f}", f"{r['user']:.2f} + {r['system']:.2f}", f"{r['rss']:.0f}"]
    base = row[names[0]]
    for name in names[1:]:
        cells += [f"{row[name]['wall'] / base['wall']:.2f}", f"{cpu(row[name]) / cpu(base):.2f}"]
    return "| " + " | ".join(cells) + " |"


def cpu(run: dict[str, float]) -> float:
    return run["user"] + run["system"]


def summary(rows: list[dict[str, object]], names: list[str]) -> list[str]:
    """Medians of wall and CPU per engine, and of the per-round ratios of each engine to
    each engine before it (the first is the baseline; a branch against main is a pair too)."""
    lines = []
    for name in names:
        wall = [r[name]["wall"] for r in rows]
        cpus = [cpu(r[name]) for r in rows]
        rss = [r[name]["rss"] for r in rows]
        lines.append(
            f"{name}: wall {np.median(wall):.2f} s ({min(wall):.2f}-{max(wall):.2f}), "
            f"CPU {np.median(cpus):.2f} s ({min(cpus):.2f}-{max(cpus):.2f}), "
            f"peak RSS {min(rss):.0f}-{max(rss):.0f} MiB"
        )
    pairs = [(name, base) for j, name in enumerate(names) for base in names[:j]]
    for name, base in pairs:
        for label, value in (("wall", lambda r: r["wall"]), ("CPU", cpu)):
            ratio = [value(r[name]) / value(r[base]) for r in rows]
            lines.append(
                f"{name} / {base}, {label}: median {np.median(ratio):.3f} "
                f"({min(ratio):.2f}-{max(ratio):.2f}), below 1 in {sum(x < 1 for x in ratio)} "
                f"of {len(ratio)}"
            )
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ratings", type=Path)
    ap.add_argument("engines", nargs="+", metavar="NAME=REV", help="the first is the baseline")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--workdir", type=Path, help="where the checkouts go (default: temporary)")
    args = ap.parse_args(argv)
    specs = [spec.split("=", 1) for spec in args.engines]
    names = [spec[0] for spec in specs]
    if any(len(spec) != 2 for spec in specs) or len(set(names)) != len(names):
        ap.error("engines are NAME=REV, each NAME once")
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if not args.ratings.is_file():
        ap.error(f"no such ratings file: {args.ratings}")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        engines = {name: checkout(rev, Path(tmp) / name) for name, rev in specs}
        names = list(engines)
        print(f"Machine: {machine()}\n")
        heads = ["round", "UTC", "load"]
        for name in names:
            heads += [f"{name}: wall s", "CPU s", "MiB"]
        for name in names[1:]:
            heads += [f"{name} / {names[0]}, wall", "CPU"]
        print("| " + " | ".join(heads) + " |\n|" + "---|" * len(heads), flush=True)
        rows = rounds(engines, args.ratings, args.rounds, Path(tmp))
        print("\n" + "\n".join(summary(rows, names)))


if __name__ == "__main__":
    main()
