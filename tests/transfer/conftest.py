"""An empty database of the same kind as the test run's, for a restore in a subprocess:
a new SQLite file, or a new PostgreSQL database on the same server (dropped afterwards)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_database_env(tmp_path):
    """The environment of a process that uses a new, empty database and uploads directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["SECONDROUND_DATA_DIR"] = str(tmp_path / "data")
    env["SECONDROUND_UPLOADS_DIR"] = str(tmp_path / "uploads")
    if connection.vendor != "postgresql":
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    settings = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    server = dict(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname="postgres",
    )
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"postgres://{settings['USER']}@{server['host']}:{server['port']}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(env, *args, module="secondround.cli"):
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
