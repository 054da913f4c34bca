"""Time of `secondround export` and `secondround restore` on a large organisation.

    .venv/bin/python -m bench.transfer [--candidates 5000] [--events 100000]

Seeds the demo organisation into a fresh SQLite database in a temporary directory, adds
CANDIDATES candidates with one application each and EVENTS audit events (bulk inserts:
the audit trail is an organisation's largest table), then runs `secondround export` and
`secondround restore` (into a second, new SQLite database) as separate processes and prints
their wall-clock time, the row count and the export's size. PostgreSQL: set
BENCH_DATABASE_URL (source) and BENCH_RESTORE_URL (a new, empty database).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build(data_dir: str, candidates: int, events: int) -> int:
    os.environ["SECONDROUND_DATA_DIR"] = data_dir
    os.environ["SECONDROUND_DEBUG"] = "1"
    os.environ["SECONDROUND_IMMEDIATE_TASKS"] = "1"
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondround.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # seed's e-mails

    from secondround.audit.models import AuditEvent
    from secondround.demo.seed import seed_demo
    from secondround.hiring.models import Application, Candidate

    call_command("migrate", verbosity=0)
    organisation, _ = seed_demo(verbosity=0)
    job = organisation.jobs.first()
    people = Candidate.objects.bulk_create(
        Candidate(organisation=organisation, name=f"Bench {i}", email=f"bench{i}@example.com")
        for i in range(candidates)
    )
    Application.objects.bulk_create(Application(job=job, candidate=p) for p in people)
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                organisation=organisation,
                action="bench.event",
                target_type="hiring.candidate",
                target_id=i,
                data={"n": i},
            )
            for i in range(events)
        ),
        batch_size=5000,
    )
    return organisation.pk


def timed(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "secondround.cli", *args], env=env, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.transfer")
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp, "source"), Path(tmp, "target")
        build(str(source), args.candidates, args.events)
        env = dict(os.environ)
        export = Path(tmp, "export.zip")
        export_s = timed(env, "export", "--org", "acme-robotics", str(export))
        env["SECONDROUND_DATA_DIR"] = str(target)
        env.pop("DATABASE_URL", None)
        if os.environ.get("BENCH_RESTORE_URL"):
            env["DATABASE_URL"] = os.environ["BENCH_RESTORE_URL"]
        restore_s = timed(env, "restore", str(export))
        size = export.stat().st_size / 1e6
        print(
            f"export {export_s:.1f} s, restore {restore_s:.1f} s (migrations included), "
            f"export file {size:.1f} MB"
        )


if __name__ == "__main__":
    main()
