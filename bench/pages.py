"""Server time and SQL queries of the main web pages, on the demo organisation.

    .venv/bin/python -m bench.pages [--n 20] [--write docs/benchmarks.md] [--json FILE]
    .venv/bin/python -m bench.pages --compare before.json after.json
    .venv/bin/python -m bench.pages --calls [--templates]  # first row: a signed-in /healthz

Seeds the demo organisation into a fresh SQLite database in a temporary directory, then
requests each page N times through Django's test Client, signed in as the demo user who
would open it, and prints a Markdown table: median and p90 of the server time (Django's
request handling in-process: views, templates, database; no network, no WSGI server),
the median CPU time of the process for one request (SQLite runs in the process, so this is
all the request's work, and it hardly changes when other programs load the machine, which
the wall-clock time does), that CPU time as a multiple of ``/healthz``'s (a bare view that
runs one query, requested in the same rounds), the number of SQL queries of one request,
and the size of the HTML. Every response must be a 200, or the benchmark stops.

The N timed requests go in rounds, one request per page (and one to ``/healthz``) each
round, so that a machine whose load changes during the run slows every page alike and the
ratio to ``/healthz`` stays comparable between runs. ``--json FILE`` keeps the rows, and
``--compare`` prints two such runs side by side (for example the same benchmark run on
two checkouts, one after the other: ``PYTHONPATH=<checkout> python bench/pages.py``).

Pages are timed with DEBUG off (as in production: no template debug information, no query
log); the demo is seeded with DEBUG on, since only a debug install may hold demo accounts.
``--write FILE`` puts the result in FILE's "## Web pages" section (replacing that section
only, or appending it at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

SECTION = "## Web pages"
COMMAND = ".venv/bin/python -m bench.pages"


def setup_django(data_dir: str) -> None:
    # Before django.setup(): settings read these at import.
    os.environ["SECONDROUND_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["SECONDROUND_DEBUG"] = "1"
    os.environ["SECONDROUND_IMMEDIATE_TASKS"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondround.settings")
    import django

    django.setup()


def seed() -> float:
    from django.core.management import call_command

    from secondround.demo.seed import seed_demo

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    seed_demo(verbosity=0)
    return time.perf_counter() - start


def pages() -> list[tuple[str, str, str, dict]]:
    """(page, demo user, URL, extra headers) for each main page, found in the demo data."""
    from secondround.decisions.models import Decision
    from secondround.hiring.models import Application, Interview

    dana = Application.objects.get(candidate__name="Dana Kim")
    kit = Interview.objects.get(application=dana, round__number=2)
    finalist_job = dana.job_id
    pending = Decision.objects.filter(status="pending").order_by("pk").first()
    settled = Decision.objects.exclude(status="pending").first()
    compare = f"/jobs/{finalist_job}/compare/"
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "compare-fragment"}
    return [
        ("My interviews (home)", "ana", "/", {}),
        ("Home, hiring manager", "hm", "/", {}),
        ("Home, approver", "vp", "/", {}),
        ("Home, admin", "admin", "/", {}),
        ("Interview kit", "ana", f"/interviews/{kit.pk}/kit/", {}),
        ("Scorecard", "ana", f"/interviews/{kit.pk}/scorecard/", {}),
        ("Candidate (application)", "hm", f"/applications/{dana.pk}/", {}),
        ("Finalist comparison, calibrated", "hm", compare, {}),
        ("Finalist comparison, raw", "hm", compare + "?view=raw", {}),
        ("Raw/calibrated toggle (htmx fragment)", "hm", compare + "?view=raw", htmx),
        ("Propose a decision", "hm", f"/applications/{dana.pk}/decision/", {}),
        ("Decision (approver's turn)", "vp", f"/decisions/{pending.pk}/", {}),
        ("Decision record", "hm", f"/decisions/{settled.pk}/record/", {}),
        ("Approvals", "vp", "/approvals/", {}),
        ("Interviewer calibration report", "admin", "/calibration/", {}),
        ("Job setup", "admin", f"/jobs/{finalist_job}/setup/", {}),
        ("Jobs", "admin", "/jobs/", {}),
        ("Candidates", "admin", "/candidates/", {}),
    ]


HEALTHZ = "/healthz (bare Django view)"
# What every signed-in request pays before its view runs (session, user, member, middleware).
SIGNED_IN_HEALTHZ = "/healthz, signed in (each request's own cost)"


def measure(n: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    users = get_user_model().objects
    clients: dict[str, Client] = {"-": Client()}
    rows = []
    with override_settings(DEBUG=False):
        for label, who, url, headers in [(HEALTHZ, "-", "/healthz", {}), *pages()]:
            if who not in clients:
                clients[who] = Client()
                clients[who].force_login(users.get(email=f"{who}@demo.test"))
            client = clients[who]

            def get(client=client, url=url, headers=headers, label=label):
                response = client.get(url, **headers)
                if response.status_code != 200:
                    sys.exit(f"{label}: {url} answered {response.status_code}")
                return response

            get()  # warm-up: template compilation, first-use caches
            # Count from an empty log: the context slices the log from its length on entry,
            # and each request empties it first.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                response = get()
            # Count now: every request starts by emptying the log that `captured` reads.
            queries = len(captured)
            rows.append(
                {
                    "page": label,
                    "user": f"{who}@demo.test" if who != "-" else "-",
                    "url": url + (" (HX-Request)" if headers else ""),
                    "get": get,
                    "times": [],
                    "cpu": [],
                    "queries": queries,
                    "kb": len(response.content) / 1024,
                }
            )
        # Rounds: every page once per round, so that a change in the machine's load
        # during the run weighs on every page (and on /healthz) alike.
        for _ in range(n):
            for row in rows:
                start, cpu_start = time.perf_counter(), time.process_time()
                row["get"]()
                row["cpu"].append((time.process_time() - cpu_start) * 1000)
                row["times"].append((time.perf_counter() - start) * 1000)
    base = statistics.median(rows[0]["cpu"])
    for row in rows:
        times, cpu = row.pop("times"), row.pop("cpu")
        del row["get"]
        row["median"] = statistics.median(times)
        row["p90"] = statistics.quantiles(times, n=10)[-1]
        row["cpu_median"] = statistics.median(cpu)
        row["ratio"] = row["cpu_median"] / base
    return rows


def count_calls(requests: int = 5, templates: bool = False) -> list[dict]:
    """Python function calls per request of each page (cProfile over ``requests`` requests
    after two warm-ups): a count that the machine's load does not move, unlike its time.
    ``templates``: also the calls made while the page's template renders (in further
    requests profiled only inside ``Template.render``; queries that the template itself
    runs, such as an inclusion tag's, count there)."""
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model
    from django.template.backends import django as backend
    from django.test import Client, override_settings

    users = get_user_model().objects
    rows = []
    rendering: list[cProfile.Profile] = []
    plain_render = backend.Template.render

    def profiled_render(self, *args, **kwargs):
        if not rendering:
            return plain_render(self, *args, **kwargs)
        rendering[0].enable()
        try:
            return plain_render(self, *args, **kwargs)
        finally:
            rendering[0].disable()

    with override_settings(DEBUG=False):
        for label, who, url, headers in [(SIGNED_IN_HEALTHZ, "ana", "/healthz", {}), *pages()]:
            client = Client()
            client.force_login(users.get(email=f"{who}@demo.test"))
            for _ in range(2):
                client.get(url, **headers)
            profile = cProfile.Profile()
            profile.enable()
            statuses = {client.get(url, **headers).status_code for _ in range(requests)}
            profile.disable()
            if statuses != {200}:
                sys.exit(f"{label}: {url} answered {sorted(statuses)}")
            calls = pstats.Stats(profile).total_calls / requests
            row = {"page": label, "user": who, "calls": calls}
            if templates:
                rendering.append(cProfile.Profile())
                backend.Template.render = profiled_render
                try:
                    for _ in range(requests):
                        client.get(url, **headers)
                finally:
                    backend.Template.render = plain_render
                    profiled = rendering.pop()
                    profiled.create_stats()
                    # /healthz renders no template: an empty profile, which Stats refuses.
                    rendered = pstats.Stats(profiled).total_calls if profiled.stats else 0
                    row["template_calls"] = rendered / requests
            rows.append(row)
    return rows


def machine() -> str:
    model, mem_kb = "unknown CPU", 0
    try:
        with open("/proc/cpuinfo") as f:
            model = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")),
                model,
            )
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        pass
    import sqlite3

    import django

    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, "
        f"{mem_kb / 2**20:.1f} GiB RAM; Python {platform.python_version()}, "
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}"
    )


def demo_size() -> str:
    from secondround.hiring.models import Application, Job
    from secondround.scorecards.models import Rating

    jobs, applications = Job.objects.count(), Application.objects.count()
    ratings = Rating.objects.filter(scorecard__status="submitted").count()
    return f"{jobs} jobs, {applications} applications, {ratings} ratings"


def markdown(rows: list[dict], n: int, seed_seconds: float, size: str, load: str) -> str:
    lines = [
        SECTION,
        "",
        f"Measured on {dt.date.today():%Y-%m-%d} with `{COMMAND} --n {n}` on: {machine()}; "
        f"load average before the run {load}.",
        "",
        "Server time is Django's own handling of one request, in-process through the test "
        "Client (views, templates, database queries; no network, no WSGI server), with "
        f"DEBUG off, on the demo organisation (Acme Robotics: {size}) in SQLite, seeded in "
        f"{seed_seconds:.1f} s. Each page is requested "
        f"once to warm up, once to count its SQL queries, then {n} times for the timings "
        "(in rounds of one request per page), signed in as the demo user who would open it; "
        "`/healthz` is requested in the same rounds, signed out. CPU ms is the process's "
        "CPU time for one request (median): SQLite runs in the process, so it is all of the "
        "request's work, and unlike the wall-clock time it hardly moves when other programs "
        "load the machine.",
        "",
        "| page | as | median ms | p90 ms | CPU ms | CPU x /healthz | SQL queries | HTML KiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['user'].split('@')[0]} | {r['median']:.1f} | {r['p90']:.1f} "
            f"| {r['cpu_median']:.1f} | {r['ratio']:.1f} | {r['queries']} | {r['kb']:.0f} |"
        )
    lines.append("")
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Replace this benchmark's section of ``path``, or append it; never touch the others."""
    text = path.read_text() if path.exists() else ""
    start = text.find("\n" + SECTION + "\n") + 1 if ("\n" + SECTION + "\n") in text else -1
    if text.startswith(SECTION + "\n"):
        start = 0
    if start == -1:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        rest = "" if end == -1 else text[end:]
        text = text[:start] + section.rstrip("\n") + "\n" + rest
    path.write_text(text)


def comparison(before: dict, after: dict) -> str:
    """Two runs side by side: each page's CPU time, its multiple of /healthz's, its queries."""
    lines = [
        f"Load average before the runs: {before['load']}; {after['load']}.",
        "",
        "| page | as | CPU ms before | CPU ms after | CPU after / before "
        "| x /healthz before | x /healthz after | SQL before | SQL after |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    earlier = {row["page"]: row for row in before["rows"]}
    for row in after["rows"]:
        old = earlier.get(row["page"])
        if old is None:
            continue
        lines.append(
            f"| {row['page']} | {row['user'].split('@')[0]} | {old['cpu_median']:.1f} "
            f"| {row['cpu_median']:.1f} | {row['cpu_median'] / old['cpu_median']:.2f} "
            f"| {old['ratio']:.1f} | {row['ratio']:.1f} | {old['queries']} | {row['queries']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="timed requests per page")
    parser.add_argument("--write", type=Path, help="put the table in this Markdown file")
    parser.add_argument("--json", type=Path, help="also keep the rows in this JSON file")
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="compare two --json"
    )
    parser.add_argument(
        "--calls", action="store_true", help="count each page's function calls per request"
    )
    parser.add_argument(
        "--templates",
        action="store_true",
        help="with --calls: also the calls made while each page's template renders",
    )
    args = parser.parse_args(argv)
    if args.compare:
        print(comparison(*(json.loads(path.read_text()) for path in args.compare)))
        return
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    with tempfile.TemporaryDirectory(prefix="secondround-bench-pages-") as data_dir:
        setup_django(data_dir)
        seed_seconds = seed()
        size = demo_size()
        if args.calls and args.templates:
            print(
                "| page | as | function calls per request | of which rendering the template |"
                "\n|---|---|---:|---:|"
            )
            for row in count_calls(templates=True):
                print(
                    f"| {row['page']} | {row['user']} | {row['calls']:,.0f} "
                    f"| {row['template_calls']:,.0f} |"
                )
            return
        if args.calls:
            print("| page | as | function calls per request |\n|---|---|---:|")
            for row in count_calls():
                print(f"| {row['page']} | {row['user']} | {row['calls']:,.0f} |")
            return
        rows = measure(args.n)
        from django.db import connections

        connections.close_all()
    section = markdown(rows, args.n, seed_seconds, size, load)
    print(section)
    if args.json:
        args.json.write_text(json.dumps({"load": load, "rows": rows}, indent=1))
    if args.write:
        write_section(args.write, section)
        print(f"Written to the '{SECTION}' section of {args.write}.", file=sys.stderr)


if __name__ == "__main__":
    main()
