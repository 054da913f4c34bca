"""The `secondround` command and the production settings, run as a user runs them: in a
fresh process, on a temporary SQLite data directory (never the test database)."""

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from secondround.cli import main
from secondround.demo.content import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
SECONDROUND = [sys.executable, "-m", "secondround.cli"]


def clean_env(tmp_path, **extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SECONDROUND_DEBUG"}
        and not k.startswith(("PYTEST", "DJANGO_"))
    }
    env.update(SECONDROUND_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT), **extra)
    return env


def run(args, tmp_path, timeout=120, **extra):
    return subprocess.run(
        args,
        cwd=tmp_path,
        env=clean_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_demo_prepares_the_database_then_serves_it_with_static_files(tmp_path):
    prepared = run([*SECONDROUND, "demo", "--no-serve"], tmp_path)
    assert prepared.returncode == 0, prepared.stderr
    for email, _ in DEMO_ACCOUNTS:
        assert email in prepared.stdout
    assert "password: demo" in prepared.stdout
    first_portal_link = re.search(r"http://127\.0\.0\.1:8000(/p/[\w-]+/)", prepared.stdout)
    assert first_portal_link, "the demo prints a candidate's prep portal link"
    database = tmp_path / "data" / "secondround.sqlite3"
    with closing(sqlite3.connect(database)) as connection:  # WAL mode is kept in the file
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    port = free_port()
    server = subprocess.Popen(
        [*SECONDROUND, "demo", "--port", str(port)],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    printed = []  # the serving demo's first lines, read up to its portal link
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"{base}/healthz") == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "demo did not start"
            time.sleep(0.3)
        assert get(f"{base}/static/web/app.css") == 200
        assert get(f"{base}/accounts/login/") == 200
        # Each run issues a new portal link (only hashes are kept): the new one works, the
        # one printed by the first run no longer does.
        while not printed or "/p/" not in printed[-1]:
            printed.append(server.stdout.readline())
            assert printed[-1], "the serving demo printed no portal link"
        portal_path = re.search(r"(/p/[\w-]+/)", printed[-1]).group(1)
        assert get(f"{base}{portal_path}") == 200
        assert get(f"{base}{first_portal_link.group(1)}") == 404
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    output = "".join(printed) + server.stdout.read()
    assert "Found the demo organisation Acme Robotics" in output


def test_manage_passes_through_to_django(tmp_path):
    result = run([*SECONDROUND, "manage", "check"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_unknown_command_exits_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["bogus"])
    assert exit_.value.code == 2
    assert "usage: secondround" in capsys.readouterr().err


def test_calibrate_is_handed_to_the_engine(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calibrate", "--help"])
    assert exit_.value.code == 0
    assert "secondround calibrate" in capsys.readouterr().out


def test_calibrate_reports_a_missing_file(tmp_path, capsys):
    assert main(["calibrate", str(tmp_path / "missing.csv")]) != 0


def production_env(**overrides):
    env = {
        "SECONDROUND_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.com",
        "SECONDROUND_BASE_URL": "https://example.com",
    }
    env.update(overrides)
    return env


def test_production_refuses_to_start_without_secret_key_or_allowed_hosts(tmp_path):
    manage = [sys.executable, str(ROOT / "manage.py"), "check"]
    no_key = run(manage, tmp_path, **production_env(SECRET_KEY=""))
    assert no_key.returncode != 0 and "SECRET_KEY must be set" in no_key.stderr
    no_hosts = run(manage, tmp_path, **production_env(ALLOWED_HOSTS=""))
    assert no_hosts.returncode != 0 and "ALLOWED_HOSTS must be set" in no_hosts.stderr
    demo = run([*SECONDROUND, "demo", "--no-serve"], tmp_path, **production_env())
    assert demo.returncode != 0 and "refusing" in demo.stderr
    assert not (tmp_path / "data" / "secondround.sqlite3").exists()


def test_production_settings_pass_the_deploy_check(tmp_path):
    manage = [sys.executable, str(ROOT / "manage.py")]
    check = [*manage, "check", "--deploy", "--fail-level", "WARNING"]
    result = run(check, tmp_path, **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
