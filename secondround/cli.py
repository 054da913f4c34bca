"""The ``secondround`` command.

    secondround demo [--port N] [--no-serve]   migrate, seed Acme Robotics, serve with gunicorn
    secondround calibrate RATINGS.csv --json OUT.json
    secondround manage ...                      Django's management commands
    secondround export --org SLUG OUT           one organisation's full export (transfer/cli.py)
    secondround restore IN                      load an export into an empty database
    secondround export-ratings --org SLUG OUT   submitted ratings as a ratings CSV
    secondround import candidates|ratings FILE --org SLUG [--commit]

The data directory is ``$SECONDROUND_DATA_DIR`` (default ``./.secondround``).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

SETTINGS = "secondround.settings"
NOTIFICATION_INTERVAL = 60  # seconds between `send_due_notifications` runs in the demo


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="secondround",
        description="Structured interview loops, calibrated.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo", help="migrate, seed the demo organisation and serve it on 127.0.0.1"
    )
    demo.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    demo.add_argument(
        "--no-serve", action="store_true", help="prepare the database, then exit without serving"
    )
    _add_import(commands)
    # These two hand their arguments on untouched; main() dispatches them before parsing.
    commands.add_parser("calibrate", help="calibrate a ratings CSV (see --help)", add_help=False)
    commands.add_parser("manage", help="run a Django management command", add_help=False)
    from secondround.transfer.cli import COMMANDS as TRANSFER_COMMANDS

    for name in TRANSFER_COMMANDS:  # export and restore (see --help)
        commands.add_parser(name, help=f"{name} data (see --help)", add_help=False)
    return parser


def _add_import(commands) -> None:
    # The parser is declared in the imports app, which needs no Django setup to import.
    from secondround.imports.cli import add_parser

    add_parser(commands)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "calibrate":
        from secondround.engine.cli import main as calibrate_main  # numpy only, no Django

        return calibrate_main(argv[1:])
    if argv and argv[0] == "manage":
        return manage(argv[1:])
    from secondround.transfer.cli import COMMANDS as TRANSFER_COMMANDS

    if argv and argv[0] in TRANSFER_COMMANDS:
        from secondround.transfer.cli import main as transfer_main

        return transfer_main(argv)
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return demo(port=args.port, serve=not args.no_serve)
    if args.command == "import":
        _setup_django()
        from secondround.imports.cli import run

        return run(args)
    return 2  # unreachable: argparse rejects unknown commands


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    # Settings resolve the data directory against the working directory; pin it so that
    # gunicorn and any worker see the same database.
    data_dir = Path(os.environ.get("SECONDROUND_DATA_DIR", ".secondround")).resolve()
    os.environ["SECONDROUND_DATA_DIR"] = str(data_dir)
    import django

    django.setup()


def manage(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["secondround manage", *args])
    return 0


def demo(port: int, serve: bool) -> int:
    # Calibration runs inline after each submitted scorecard, so the demo needs no separate
    # worker process; production runs `secondround manage db_worker` instead.
    os.environ.setdefault("SECONDROUND_IMMEDIATE_TASKS", "1")
    # Invitation e-mails link to the demo's own address (the served workers inherit it).
    os.environ.setdefault("SECONDROUND_BASE_URL", f"http://127.0.0.1:{port}")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from secondround.demo.content import DEMO_ACCOUNTS, DEMO_PASSWORD
    from secondround.demo.seed import seed_demo
    from secondround.portal.demo import demo_portal_link

    if not settings.DEMO_ALLOWED:
        print(
            "secondround demo: refusing to run with SECONDROUND_DEBUG=0. The demo accounts "
            "have the password 'demo'; unset SECONDROUND_DEBUG to try the demo.",
            file=sys.stderr,
        )
        return 1
    print(f"Data directory: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    try:
        organisation, created = seed_demo(verbosity=0)
    except CommandError as error:
        print(f"secondround demo: {error}", file=sys.stderr)
        return 1
    print(("Seeded " if created else "Found ") + f"the demo organisation {organisation.name}.")
    # Whitenoise serves from STATIC_ROOT when DEBUG is off; collecting costs a second.
    call_command("collectstatic", interactive=False, verbosity=0)

    url = f"http://127.0.0.1:{port}/"
    print(f"\nsecondround demo: {url}")
    print(f"Sign in with any of these accounts (password: {DEMO_PASSWORD}):")
    width = max(len(email) for email, _ in DEMO_ACCOUNTS)
    for email, role in DEMO_ACCOUNTS:
        print(f"  {email:<{width}}  {role}")
    # E-mails print to this console (no EMAIL_HOST): the invitations for the demo's upcoming
    # interviews went out as it was seeded; reminders and anything waiting go out now, then
    # every minute from a small loop that stops with the server (it watches its parent).
    call_command("send_due_notifications")
    candidate, path = demo_portal_link(organisation)
    print(f"\nCandidate prep portal ({candidate}; no account, a new private link each run):")
    print(f"  {url.rstrip('/')}{path}")
    if not serve:
        return 0
    sender = [sys.executable, "-m", "secondround.cli", "manage", "send_due_notifications"]
    subprocess.Popen([*sender, "--every", str(NOTIFICATION_INTERVAL), "--verbosity", "0"])
    print("Press Ctrl-C to stop.\n", flush=True)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "secondround.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--access-logfile",
        "-",
    ]
    os.execvp(gunicorn[0], gunicorn)  # replaces this process: Ctrl-C stops gunicorn directly
    return 0  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
