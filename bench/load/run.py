"""The load test, end to end (``make load``), on 127.0.0.1 only.

    .venv/bin/python -m bench.load.run [--users 50] [--run-time 60] [--workers 3]
        [--settings production|demo]
        [--database-url postgres://postgres@127.0.0.1:5432/secondround_load]
        [--at-rest 50] [--write docs/benchmarks.md]

1. (Re)creates the PostgreSQL database named in --database-url (its name must end in
   "_load": it is the load test's own, and dropped at the start of each run), migrates it,
   seeds the demo and the load test's seats (bench/load/prepare.py).
2. Starts gunicorn (--workers) and ``manage.py db_worker`` on it. ``--settings production``
   (the default) serves as production does: SECONDROUND_DEBUG=0, a random SECRET_KEY,
   collected and compressed static files, secure cookies, HSTS and the HTTPS redirect, as
   behind a TLS-terminating proxy: the clients send ``X-Forwarded-Proto: https`` (the header
   the production settings trust, SECURE_PROXY_SSL_HEADER) and an ``Origin``, and send
   the Secure cookies back over the plain HTTP of 127.0.0.1 (only the TLS itself, the
   proxy's work, is left out). prepare.py strips the demo's known password and slug first,
   since production settings refuse demo data. ``--settings demo`` serves as the demo does
   (SECONDROUND_DEBUG=1), the setting of the runs before 2026-11-26 18:00.
3. Runs Locust headless (bench/load/locustfile.py): --users people pausing 1-3 s, for
   --run-time seconds, and prints p50/p95/p99 and the error rate of each endpoint, with
   /healthz (a bare Django view) measured in the same run. Nobody signs in during the run
   (prepare.py makes the sessions: a sign-in would time the password hasher).
4. At rest (the load over, the worker idle): --at-rest sequential requests to each main
   page and to /healthz, one at a time: median and p90 response time on 127.0.0.1.
5. Stops everything. The database is left for a look (the next run drops it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load.accounting import (
    calibration_counts,
    cpu_lines,
    cpu_snapshot,
    cpu_used,
    database_now,
    gunicorn_cpu,
)

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Load"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    if not name.endswith("_load"):
        sys.exit(f"--database-url must name a database ending in _load (got {name!r})")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


# What a TLS-terminating proxy adds to each request (production settings only).
BEHIND_TLS_PROXY = {"X-Forwarded-Proto": "https"}


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers=BEHIND_TLS_PROXY)
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def wait_for_idle_worker(url: str, seconds: int = 300) -> None:
    """At rest means no calibration run queued or running in the background either."""
    import psycopg

    deadline = time.monotonic() + seconds
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            busy = conn.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()[0]
            if not busy:
                return
            time.sleep(1)
    sys.exit(f"the worker was still busy after {seconds} s")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(samples: list, seconds: int) -> list[dict]:
    by_name: dict[str, list] = {"All": []}
    for name, ms, failed in samples:
        by_name.setdefault(name, []).append((ms, failed))
        by_name["All"].append((ms, failed))
    rows = []
    for name in [*sorted(n for n in by_name if n != "All"), "All"]:
        items = by_name[name]
        times = [ms for ms, _ in items]
        rows.append(
            {
                "endpoint": name,
                "requests": len(items),
                "rps": len(items) / seconds,
                "errors": sum(failed for _, failed in items) / len(items) * 100,
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "max": max(times),
            }
        )
    return rows


def at_rest(port: int, plan: dict, n: int, https: bool, server: int) -> list[dict]:
    """Sequential requests, one page at a time, each person signed in once. With one request
    in flight at a time, gunicorn's CPU over a page's requests is that page's server time
    (``server`` is gunicorn's pid; /proc counts in 10 ms ticks, so /healthz's figure, about
    a tick per five requests, is the roughest)."""
    import requests

    base = f"http://127.0.0.1:{port}"
    sessions: dict[str, requests.Session] = {}

    def session(who: str) -> requests.Session:
        if who not in sessions:
            sessions[who] = requests.Session()
            sessions[who].cookies.set("sessionid", plan["sessions"][who][-1])
            if https:
                sessions[who].headers.update(BEHIND_TLS_PROXY)
        return sessions[who]

    rows = []
    for label, who, url, headers in [("/healthz (bare Django view)", "", "/healthz", {})] + [
        tuple(page) for page in plan["pages"]
    ]:
        client = session(who) if who else requests.Session()
        if https:
            client.headers.update(BEHIND_TLS_PROXY)
        http_headers = {k[5:].replace("_", "-"): v for k, v in headers.items()}
        times = []
        for i in range(n + 2):
            if i == 2:
                cpu_before = sum(gunicorn_cpu(server).values())
            start = time.perf_counter()
            answer = client.get(base + url, headers=http_headers, allow_redirects=False)
            elapsed = (time.perf_counter() - start) * 1000
            if answer.status_code != 200:
                sys.exit(f"{label}: {url} answered {answer.status_code}")
            if i >= 2:  # two warm-up requests (each gunicorn worker's first)
                times.append(elapsed)
        cpu_ms = (sum(gunicorn_cpu(server).values()) - cpu_before) / n * 1000
        rows.append(
            {
                "page": label,
                "as": who or "-",
                "median": statistics.median(times),
                "p90": statistics.quantiles(times, n=10)[-1],
                "cpu": cpu_ms,
            }
        )
    health, health_cpu = rows[0]["median"], max(rows[0]["cpu"], 0.1)
    for row in rows:
        row["x_healthz"] = row["median"] / health
        row["cpu_x_healthz"] = row["cpu"] / health_cpu
    return rows


def machine() -> str:
    from bench.pages import machine as describe

    return describe().rsplit(", SQLite", 1)[0]


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def markdown(args, rows, rest, load_before, seconds, cpu_text) -> str:
    lines = [
        SECTION,
        "",
        f"Measured on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `make load` "
        f"(`.venv/bin/python -m bench.load.run --users {args.users} --run-time "
        f"{args.run_time} --workers {args.workers} --settings {args.settings} --at-rest "
        f"{args.at_rest}`) on: {machine()}; "
        f"PostgreSQL {pg_version(args.database_url)}; load average before the run "
        f"{load_before}.",
        "",
        f"gunicorn ({args.workers} sync workers) and one `db_worker` on PostgreSQL, the demo "
        "organisation plus the load test's job (prepare.py), "
        + SERVED[args.settings]
        + ", Locust on the same 2 cores, everything on 127.0.0.1. "
        f"{args.users} users, each pausing 1-3 s between requests, for {seconds} s: "
        "interviewers (3 in 5) open their kits and scorecards and draft (two autosaves) and "
        "submit new scorecards, which queue calibration runs for the worker; the hiring "
        "manager opens the finalist comparison and candidates; a script reads the API with "
        "a token. Every user also calls `/healthz`. Times are client-side, in ms.",
        "",
        "| endpoint | requests | req/s | errors % | p50 | p95 | p99 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        bold = "**" if r["endpoint"].startswith("All") else ""
        lines.append(
            f"| {bold}{r['endpoint']}{bold} | {r['requests']} | {r['rps']:.1f} | "
            f"{r['errors']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | "
            f"{r['max']:.0f} |"
        )
    lines += ["", *cpu_text]
    lines += [
        f"At rest, after the load (worker idle): {args.at_rest} sequential requests per page, "
        "one at a time, over HTTP on 127.0.0.1 (client-side ms, so each figure includes the "
        "same ~1 ms of HTTP and gunicorn that `/healthz` has). Server CPU ms is gunicorn's CPU "
        "(master and workers, from /proc) over the page's requests divided by their number: "
        "one request at a time, so it is the page's own server time, and the neighbours' load "
        "hardly moves it (/proc counts 10 ms ticks: /healthz's figure is the roughest).",
        "",
        "| page | as | median ms | p90 ms | x /healthz | server CPU ms | CPU x /healthz |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rest:
        lines.append(
            f"| {r['page']} | {r['as']} | {r['median']:.1f} | {r['p90']:.1f} | "
            f"{r['x_healthz']:.1f} | {r['cpu']:.1f} | {r['cpu_x_healthz']:.1f} |"
        )
    lines.append("")
    return "\n".join(lines)


SERVED = {
    "production": "served with the production settings (SECONDROUND_DEBUG=0, compressed static "
    "files, secure cookies and HTTPS redirect, the clients sending `X-Forwarded-Proto: "
    "https` as a TLS-terminating proxy would; the demo's password and slug removed first)",
    "demo": "served as the demo is (SECONDROUND_DEBUG=1)",
}


def pg_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def write_section(path: Path, section: str) -> None:
    """Replace this section of ``path`` (up to the next "## "), or append it."""
    text = path.read_text() if path.exists() else ""
    marker = "\n" + SECTION + "\n"
    if marker not in text:
        path.write_text(text.rstrip("\n") + "\n\n" + section)
        return
    start = text.index(marker) + 1
    end = text.find("\n## ", start + len(SECTION))
    rest = "" if end == -1 else text[end:]
    path.write_text(text[:start] + section.rstrip("\n") + "\n" + rest)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secondround_load"
        ),
    )
    parser.add_argument(
        "--settings", choices=sorted(SERVED), default="production", help="how the app is served"
    )
    parser.add_argument("--at-rest", type=int, default=50, help="requests per page at rest")
    parser.add_argument("--write", type=Path, help="put the tables in this Markdown file")
    args = parser.parse_args(argv)
    load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())

    work = Path(tempfile.mkdtemp(prefix="secondround-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECONDROUND_")}
    production = args.settings == "production"
    env.update(
        DATABASE_URL=args.database_url,
        SECONDROUND_DATA_DIR=str(work / "data"),
        SECONDROUND_DEBUG="1",
        PYTHONPATH=str(ROOT),
        LOAD_PLAN=str(work / "plan.json"),
        LOAD_SAMPLES=str(work / "samples.json"),
        LOAD_PRODUCTION="1" if production else "0",
        # The sessions prepare.py makes are signed with it: the server must share it.
        SECRET_KEY=secrets.token_urlsafe(64),
    )
    print(f"Preparing {args.database_url} (logs in {work}) ...", file=sys.stderr)
    recreate_database(args.database_url)
    done = subprocess.run(
        [sys.executable, "-m", "bench.load.prepare", env["LOAD_PLAN"]], cwd=ROOT, env=env
    )
    if done.returncode:
        sys.exit("prepare failed")
    if production:
        env.update(
            SECONDROUND_DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1",
            SECONDROUND_BASE_URL="https://127.0.0.1",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    plan = json.loads(Path(env["LOAD_PLAN"]).read_text())
    port = free_port()
    server = start(
        ["-m", "gunicorn", "secondround.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers)],
        env, work / "gunicorn.log",
    )  # fmt: skip
    worker = start(["manage.py", "db_worker", "--no-reload"], env, work / "worker.log")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        print(f"Load: {args.users} users for {args.run_time} s ...", file=sys.stderr)
        started = database_now(args.database_url)
        cpu_before = cpu_snapshot(server.pid, worker.pid, database_name(args.database_url))
        locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/load/locustfile.py"),
             "--headless", "--users", str(args.users), "--spawn-rate", "10",
             "--run-time", f"{args.run_time}s", "--host", f"http://127.0.0.1:{port}",
             "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
            cwd=ROOT, env=env, check=True, stdout=(work / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = cpu_used(
            cpu_before, cpu_snapshot(server.pid, worker.pid, database_name(args.database_url))
        )
        cpu["Locust"] = sum(
            getattr(locust_after, f) - getattr(locust_before, f) for f in ("ru_utime", "ru_stime")
        )
        rows = summarise(json.loads(Path(env["LOAD_SAMPLES"]).read_text()), args.run_time)
        wait_for_idle_worker(args.database_url)
        submitted, runs = calibration_counts(args.database_url, started)
        print(f"At rest: {args.at_rest} requests per page ...", file=sys.stderr)
        rest = at_rest(port, plan, args.at_rest, production, server.pid)
    finally:
        stop(server)
        stop(worker)
    section = markdown(
        args, rows, rest, load_before, args.run_time, cpu_lines(cpu, rows, submitted, runs)
    )
    print(section)
    if args.write:
        write_section(args.write, section)
        print(f"Written to the '{SECTION}' section of {args.write}.", file=sys.stderr)


if __name__ == "__main__":
    main()
