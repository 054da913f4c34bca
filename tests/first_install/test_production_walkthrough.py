"""README "Running it in production", followed step by step from an empty database: create
the database, set the environment, migrate, collect static files, create the organisation,
open the printed link, set the password, sign in and reach the home page.

Each step runs as the README says, in a fresh process with production settings
(SECONDROUND_DEBUG=0). PostgreSQL: a database of its own, created and dropped here (skipped,
with the reason, when no server answers at 127.0.0.1:5432). SQLite: a fresh data directory.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECONDROUND = [sys.executable, "-m", "secondround.cli"]
PG_SERVER = os.environ.get("SECONDROUND_TEST_PG", "postgres://postgres@127.0.0.1:5432")
HOST = "hiring.example.com"
PASSWORD = "Correct-horse-battery-staple-42"

# Opening the link and signing in, as a browser would, with Django's test client in a
# process that has the production settings and database (not the test database).
BROWSE = f"""
import json, sys, django
django.setup()
from django.test import Client
link = sys.argv[1]
path = link.removeprefix("https://{HOST}")
steps = {{}}
invitee = Client(HTTP_HOST="{HOST}")
steps["open_link"] = invitee.get(path, secure=True).status_code
answer = invitee.post(path, {{"new_password1": "{PASSWORD}", "new_password2": "{PASSWORD}"}},
                      secure=True)
steps["set_password"] = [answer.status_code, answer.get("Location")]
steps["reuse_link"] = invitee.get(path, secure=True).status_code
fresh = Client(HTTP_HOST="{HOST}")
signin = fresh.post("/accounts/login/", {{"username": "boss@acme.test", "password": "{PASSWORD}"}},
                    secure=True)
steps["sign_in"] = [signin.status_code, signin.get("Location")]
home = fresh.get("/", secure=True)
text = home.content.decode()
steps["home"] = [home.status_code, "Good " in text, "Team" in text]
print(json.dumps(steps))
"""


def postgres_database():
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    name = f"secondround_first_install_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as db:
            db.execute(f'CREATE DATABASE "{name}"')  # createdb
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is unreachable at {PG_SERVER}: {error}")

    def drop():
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{PG_SERVER}/{name}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def production_env(request, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SECONDROUND_DEBUG"}
        and not k.startswith(("PYTEST", "DJANGO_", "SECONDROUND_"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        SECONDROUND_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        SECONDROUND_BASE_URL=f"https://{HOST}",
        SECONDROUND_DATA_DIR=str(tmp_path / "data"),
    )
    if request.param == "postgresql":
        env["DATABASE_URL"], drop = postgres_database()
        request.addfinalizer(drop)
    return env


def run(args, env, cwd):
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_from_an_empty_database_to_the_first_sign_in(production_env, tmp_path):
    env = production_env
    run(SECONDROUND + ["manage", "migrate", "--noinput"], env, tmp_path)
    run(SECONDROUND + ["manage", "collectstatic", "--noinput"], env, tmp_path)
    run(SECONDROUND + ["manage", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    created = run(
        SECONDROUND
        + ["manage", "create_organisation", "Acme", "--admin", "boss@acme.test", "--name", "Bea"],
        env,
        tmp_path,
    )
    link = created.stdout.strip()
    assert link.startswith(f"https://{HOST}/invitations/"), created.stdout

    again = subprocess.run(
        SECONDROUND + ["manage", "create_organisation", "Acme", "--admin", "boss@acme.test"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode != 0 and "already waiting" in again.stderr

    browsed = run(
        [sys.executable, "-c", BROWSE, link],
        env | {"DJANGO_SETTINGS_MODULE": "secondround.settings"},
        tmp_path,
    )
    steps = json.loads(browsed.stdout.strip().splitlines()[-1])
    assert steps == {
        "open_link": 200,
        "set_password": [302, "/"],
        "reuse_link": 410,
        "sign_in": [302, "/"],
        "home": [200, True, True],
    }
