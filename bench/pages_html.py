"""The HTML of every page of ``bench.pages``, saved so that two checkouts can be diffed.

    .venv/bin/python -m bench.pages_html OUT_DIR
    .venv/bin/python -m bench.pages_html --diff BEFORE_DIR AFTER_DIR

A change meant to make pages faster without changing what they show (templates, tags,
presenters) is checked by saving the pages before and after it and diffing them: the
command exits non-zero when any page differs.

The demo organisation is seeded on a fixed clock (each call of ``timezone.now`` moves it
one millisecond on, so that the seed's order of events stays as it is), and the pages are
rendered on a stopped clock, so that dates and "ago" texts come out the same in both
checkouts. CSRF tokens and CSP nonces, which are random per request, are replaced by a
placeholder, and blank lines and trailing spaces are dropped (insignificant whitespace).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
import tempfile
from pathlib import Path

from bench.pages import pages, seed, setup_django

CLOCK_START = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)

RANDOM = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1CSRF"),
    (re.compile(r'("X-CSRFToken"\s*:\s*")[^"]+'), r"\1CSRF"),
    (re.compile(r'(name="csrf-token" content=")[^"]+'), r"\1CSRF"),
    (re.compile(r'(nonce=")[^"]+'), r"\1NONCE"),
]


class Clock:
    """A stand-in for ``django.utils.timezone.now``: advancing during the seed, then stopped."""

    def __init__(self) -> None:
        self.at = CLOCK_START
        self.running = True

    def __call__(self) -> dt.datetime:
        if self.running:
            self.at += dt.timedelta(milliseconds=1)
        return self.at


def normalise(html: str) -> str:
    for pattern, placeholder in RANDOM:
        html = pattern.sub(placeholder, html)
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip()) + "\n"


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def save(out: Path) -> None:
    from django.utils import timezone

    clock = Clock()
    timezone.now = clock  # before django.setup(): every import then takes the clock
    with tempfile.TemporaryDirectory(prefix="secondround-bench-html-") as data_dir:
        setup_django(data_dir)
        seed()
        clock.running = False
        from django.contrib.auth import get_user_model
        from django.test import Client, override_settings

        users = get_user_model().objects
        out.mkdir(parents=True, exist_ok=True)
        with override_settings(DEBUG=False):
            for label, who, url, headers in pages():
                client = Client()
                client.force_login(users.get(email=f"{who}@demo.test"))
                response = client.get(url, **headers)
                if response.status_code != 200:
                    sys.exit(f"{label}: {url} answered {response.status_code}")
                html = normalise(response.content.decode())
                (out / f"{slug(label)}.html").write_text(html)
                print(f"{label}: {len(html):,} characters", file=sys.stderr)


def diff(before: Path, after: Path) -> int:
    """Print the differences between two saved sets of pages; the number of pages that differ."""
    differing = 0
    names = sorted({p.name for p in before.glob("*.html")} | {p.name for p in after.glob("*.html")})
    for name in names:
        old = (before / name).read_text().splitlines() if (before / name).exists() else []
        new = (after / name).read_text().splitlines() if (after / name).exists() else []
        lines = list(
            difflib.unified_diff(old, new, f"{before / name}", f"{after / name}", lineterm="")
        )
        if lines:
            differing += 1
            print("\n".join(lines))
    print(f"{len(names)} pages, {differing} differ.", file=sys.stderr)
    return differing


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="directory to save the pages in")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.diff:
        sys.exit(1 if diff(*args.diff) else 0)
    if args.out is None:
        parser.error("give OUT_DIR or --diff BEFORE AFTER")
    save(args.out)


if __name__ == "__main__":
    main()
