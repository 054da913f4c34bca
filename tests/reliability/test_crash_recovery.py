"""SIGKILL the app server and the task worker in the middle of a stream of scorecard
submissions and of a calibration run, restart them, and check the database: no partial
record, every acknowledged submission present, the killed calibration run retried.

Real processes on a real database file: gunicorn (two workers) on 127.0.0.1 and
``manage.py db_worker``, against SQLite in WAL mode when the suite runs on SQLite, and
against a PostgreSQL database of its own when it runs on PostgreSQL (DATABASE_URL). The
organisation is built by ``crash_scene setup``; the submissions go through the API with each
interviewer's token, as a script would send them.
"""

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """The crash test's own database: a SQLite file, or a PostgreSQL database it creates."""

    def __init__(self, tmp_path: Path):
        self.url = os.environ.get("DATABASE_URL", "")
        self.vendor = "postgresql" if self.url.startswith("postgres") else "sqlite"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTEST", "SECONDROUND_", "DJANGO_"))
        }
        self.env.update(
            SECONDROUND_DATA_DIR=str(tmp_path),
            SECONDROUND_DEBUG="1",
            PYTHONPATH=str(ROOT),
            DJANGO_SETTINGS_MODULE="secondround.settings",
        )
        self.env.pop("DATABASE_URL", None)
        if self.vendor == "postgresql":
            import psycopg

            base = self.url.rsplit("/", 1)[0]
            self.name = f"secondround_crash_{os.getpid()}"
            self.admin = psycopg.connect(base + "/postgres", autocommit=True)
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.execute(f'CREATE DATABASE "{self.name}"')
            self.env["DATABASE_URL"] = f"{base}/{self.name}"
        else:
            self.path = tmp_path / "secondround.sqlite3"

    def query(self, sql: str) -> list[tuple]:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
                return conn.execute(sql).fetchall()
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.close()


def run(db: Database, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=db.env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def start(db: Database, *args: str) -> subprocess.Popen:
    """A process in a session of its own, so that SIGKILL reaches it and all its children."""
    return subprocess.Popen(
        [PYTHON, *args],
        cwd=ROOT,
        env=db.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def start_server(db: Database, port: int) -> subprocess.Popen:
    server = start(
        db, "-m", "gunicorn", "secondround.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60",
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /healthz within 60 s")


def start_worker(db: Database) -> subprocess.Popen:
    return start(
        db, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"
    )


def call(port, method, path, token, body=None) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


class Stream(threading.Thread):
    """Sends each seat's draft and submission, one after the other; a seat whose submission
    answered 2xx is acknowledged. Connection errors (the server was killed) are noted and the
    stream goes on with the next seat."""

    def __init__(self, port, scene, seats):
        super().__init__(daemon=True)
        self.port, self.scene, self.seats = port, scene, seats
        self.acknowledged, self.failed, self.refused = [], [], []

    def send(self, interview, author) -> None:
        token = self.scene["tokens"][str(author)]
        ratings = [
            {"competency_id": c, "value": 1 + (interview + k) % 4, "evidence": "seen live"}
            for k, c in enumerate(self.scene["competencies"])
        ]
        body = {"ratings": ratings, "recommendation": "yes", "notes": "during the crash"}
        path = f"/interviews/{interview}/scorecard"
        # 400 "already submitted": a retry of a submission whose answer was lost.
        if call(self.port, "PUT", path, token, body) not in (200, 400):
            self.refused.append((interview, author))
            return
        status = call(self.port, "POST", path + "/submit", token)
        (self.acknowledged if status == 200 else self.refused).append((interview, author))

    def run(self):
        for interview, author in self.seats:
            try:
                self.send(interview, author)
            except (OSError, urllib.error.URLError):
                self.failed.append((interview, author))
                time.sleep(0.1)


def task_status(db, task_id) -> str:
    rows = db.query(f"SELECT status FROM django_tasks_database_dbtaskresult WHERE id = '{task_id}'")
    return rows[0][0]


def running_calibration(db) -> str | None:
    rows = db.query(
        "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
        "AND task_path LIKE '%refresh_calibration'"
    )
    return str(rows[0][0]) if rows else None


def kill_worker_mid_run(db, worker, stream) -> tuple[str, subprocess.Popen]:
    """SIGKILL the worker while it runs a calibration; retried until the kill lands inside a
    run (a run takes tens of milliseconds, polled every millisecond or so). Returns the
    killed run's task id and a new worker."""
    for _ in range(20):
        deadline = time.monotonic() + 20
        task = None
        while task is None and time.monotonic() < deadline and stream.is_alive():
            task = running_calibration(db)
        assert task, "no calibration run started"
        kill(worker)
        if task_status(db, task) == "RUNNING":
            return task, worker
        worker = start_worker(db)  # the run ended just before the kill: try again
    raise AssertionError("could not kill the worker in the middle of a calibration run")


@pytest.fixture
def crash_db(tmp_path):
    db = Database(tmp_path)
    try:
        yield db
    finally:
        db.drop()


def test_killed_server_and_worker_lose_nothing_acknowledged(crash_db):
    db = crash_db
    run(db, "manage.py", "migrate", "--verbosity", "0")
    if db.vendor == "sqlite":
        assert db.query("PRAGMA journal_mode") == [("wal",)]
    scene = json.loads(run(db, "-m", "tests.reliability.crash_scene", "setup"))
    seats = scene["stream"]
    port = free_port()
    server, worker = start_server(db, port), start_worker(db)
    try:
        stream = Stream(port, scene, seats)
        stream.start()

        killed_task, worker = kill_worker_mid_run(db, worker, stream)
        while len(stream.acknowledged) + len(stream.failed) < len(seats) // 2:
            time.sleep(0.05)
        kill(server)  # mid-stream: requests in flight die with it
        time.sleep(0.5)
        server, worker = start_server(db, port), start_worker(db)
        stream.join(timeout=180)
        assert not stream.is_alive()
        # A client retries what was not acknowledged; the retry must be accepted too.
        retry = Stream(port, scene, stream.failed + stream.refused)
        retry.run()
        assert not retry.failed and not retry.refused, (retry.failed, retry.refused)

        deadline = time.monotonic() + 120
        while db.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        ) != [(0,)]:
            assert time.monotonic() < deadline, "the worker did not finish the queued runs"
            time.sleep(0.2)
    finally:
        kill(server, signal.SIGTERM)
        kill(worker, signal.SIGTERM)

    facts = json.loads(run(db, "-m", "tests.reliability.crash_scene", "facts"))
    cards = {(c["interview"], c["author"]): c for c in facts["cards"]}
    submitted_events = facts["events"].get("scorecard.submitted", [])
    created_events = facts["events"].get("scorecard.draft_created", [])

    # Every acknowledged submission is present, submitted, and whole.
    for seat in stream.acknowledged + retry.acknowledged:
        assert cards[tuple(seat)]["status"] == "submitted", seat
    assert len(stream.acknowledged) > 0
    # No partial record: each scorecard has both ratings and its creation event; each
    # submitted one its frozen first version and exactly one submission event.
    assert len(cards) == len(seats) * 2  # the half submitted in setup, and the stream
    for card in cards.values():
        assert card["ratings"] == len(scene["competencies"]), card
        assert created_events.count(card["id"]) == 1, card
        if card["status"] == "submitted":
            assert card["versions"] == 1, card
            assert submitted_events.count(card["id"]) == 1, card
    # The killed calibration run was retried by the restarted worker and finished; nothing
    # is left running or failed, and the last snapshot is current and complete.
    tasks = {t["id"]: t for t in facts["tasks"]}
    killed = tasks[str(uuid.UUID(killed_task))]
    assert killed["status"] == "SUCCESSFUL"
    assert len(killed["workers"]) == 2  # the killed worker, then the restarted one
    assert {t["status"] for t in facts["tasks"]} == {"SUCCESSFUL"}
    assert facts["latest_snapshot_version"] == facts["stamp"]
    assert facts["snapshots_without_jobs"] == 0
