"""What the load cost, in CPU seconds per process, and what the calibration worker did:
figures that the neighbours' load on a shared machine hardly moves, unlike response times
(used by bench/load/run.py)."""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_process(match) -> dict[int, float]:
    """CPU seconds (user + system) of each live process that ``match(pid, ppid, cmdline)``
    accepts, read from /proc: machine-load-proof, unlike the response times."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        pid, ppid = int(entry), int(fields[1])
        if match(pid, ppid, cmdline):
            found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def gunicorn_cpu(server: int) -> dict[int, float]:
    return cpu_by_process(lambda pid, ppid, _: server in (pid, ppid))


def cpu_snapshot(server: int, worker: int, database: str) -> dict[str, dict[int, float]]:
    """The CPU so far of gunicorn (master and workers), the task worker, and PostgreSQL's
    backends serving the load database."""
    return {
        "gunicorn": gunicorn_cpu(server),
        "db_worker": cpu_by_process(lambda pid, ppid, _: worker in (pid, ppid)),
        "PostgreSQL": cpu_by_process(
            lambda pid, ppid, cmd: cmd.startswith("postgres: ") and f" {database} " in cmd
        ),
    }


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    return {
        name: sum(cpu - before[name].get(pid, 0.0) for pid, cpu in after[name].items())
        for name in after
    }


def database_now(url: str):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT now()").fetchone()[0]


def calibration_counts(url: str, since) -> tuple[int, int]:
    """(scorecards the load test submitted, calibration runs queued since ``since``)."""
    import psycopg

    with psycopg.connect(url) as conn:
        submitted = conn.execute(
            "SELECT count(*) FROM scorecards_scorecard WHERE notes = 'Load test notes.' "
            "AND status = 'submitted'"
        ).fetchone()[0]
        runs = conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%%refresh_calibration' AND enqueued_at >= %s",
            (since,),
        ).fetchone()[0]
    return submitted, runs


def cpu_lines(cpu: dict[str, float], rows: list[dict], submitted: int, runs: int) -> list[str]:
    requests = rows[-1]["requests"]
    used = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in cpu.items())
    return [
        f"CPU used during the load (user + system, from /proc; a measure the neighbours' load "
        f"hardly moves): {used}; gunicorn {cpu['gunicorn'] / requests * 1000:.1f} ms per "
        f"request. The worker made {runs} calibration runs for the {submitted} scorecards "
        "submitted.",
        "",
    ]
