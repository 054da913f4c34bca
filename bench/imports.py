"""Wall time of the ratings import from the command line, dry run and commit.

    .venv/bin/python -m bench.imports [--rows 100000] [--database-url postgres://...]

Writes a ratings CSV of ROWS ratings (20 jobs, 5 competencies each, 4 interviewers per
candidate, 200 interviewers, all new to the organisation, so that the import creates every
job, competency, candidate, member, interview, scorecard and rating), migrates a fresh
database (SQLite in a temporary directory by default), creates an organisation, then times
`secondround import ratings FILE --org bench` without and with `--commit`, each as its own
process as a user would run it (wall time, and the process's CPU time: the machine is
shared, and the CPU time depends less on its load). Prints a Markdown table for
docs/benchmarks.md. The database server's own CPU time (PostgreSQL) is not counted.

The target: 100,000 rating rows committed in under a minute.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import machine, table
from secondround.engine.table import COLUMNS

COMPETENCIES = ("Problem solving", "System design", "Collaboration", "Communication", "Craft")
PER_CANDIDATE = 4  # interviewers
JOBS = 20
INTERVIEWERS = 200


def write_file(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    per_candidate = PER_CANDIDATE * len(COMPETENCIES)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        written, candidate = 0, 0
        while written < rows:
            candidate += 1
            job = f"Job {candidate % JOBS + 1}"
            talent = rng.gauss(0, 1)
            panel = rng.sample(range(INTERVIEWERS), PER_CANDIDATE)
            for k, who in enumerate(panel):
                when = start + timedelta(hours=candidate * 3 + k)
                for name in COMPETENCIES:
                    if written == rows:
                        break
                    value = min(4, max(1, round(2.5 + talent + rng.gauss(0, 0.8))))
                    out.writerow(
                        [
                            job,
                            f"Candidate {candidate}",
                            f"rater{who}@bench.test",
                            name,
                            value,
                            1,
                            4,
                            when.isoformat(),
                        ]  # fmt: skip
                    )
                    written += 1
    assert written == rows and per_candidate


def prepare(env: dict) -> None:
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from secondround.accounts.actions import do_create_organisation;"
        "do_create_organisation('Bench', 'bench')"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """Wall time, and the CPU time (user + system) of the import process: on a shared
    machine the wall time depends on the load, the CPU time much less."""
    command = [sys.executable, "-m", "secondround.cli", "import", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SECONDROUND_DATA_DIR": tmp}
        env["DJANGO_SETTINGS_MODULE"] = "secondround.settings"
        env.pop("SECONDROUND_IMMEDIATE_TASKS", None)  # calibration is queued, as in production
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        else:
            env.pop("DATABASE_URL", None)
        path = Path(tmp) / "ratings.csv"
        write_file(path, args.rows)
        prepare(env)
        dry, dry_cpu = timed(["ratings", str(path), "--org", "bench"], env)
        commit, commit_cpu = timed(["ratings", str(path), "--org", "bench", "--commit"], env)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"Machine: {machine()}\n")
    print(
        table(
            [
                "database",
                "rows",
                "dry run (s)",
                "its CPU (s)",
                "commit, check included (s)",
                "its CPU (s)",
                "ratings/s",
            ],
            [[database, args.rows, dry, dry_cpu, commit, commit_cpu, args.rows / commit]],
            floatfmt=".1f",
        )
    )


if __name__ == "__main__":
    main()
