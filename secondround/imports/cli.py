"""``secondround import candidates|ratings FILE --org SLUG [--commit]``.

Without ``--commit`` it is a dry run. Progress goes to stderr as a tqdm bar; errors, one per
row, go to stderr too, and make the exit code 1. The import acts as the system (no member),
as the other setup commands do; its audit events say so.
"""

import argparse
import sys
from pathlib import Path

from secondround.imports.choices import ImportKind

EXIT_ERRORS = 1
EXIT_USAGE = 2


def add_parser(commands) -> None:
    """Add the ``import`` subcommand to the main parser's subparsers."""
    parser = commands.add_parser(
        "import", help="check (dry run) or import a candidates or ratings CSV file"
    )
    parser.add_argument("kind", choices=ImportKind.values, help="what the file holds")
    parser.add_argument("file", type=Path, help="a UTF-8 CSV file (see docs/import.md)")
    parser.add_argument("--org", required=True, metavar="SLUG", help="the organisation's slug")
    parser.add_argument(
        "--commit", action="store_true", help="write to the database (default: dry run only)"
    )


def run(args: argparse.Namespace) -> int:
    from secondround.accounts.models import Organisation
    from secondround.imports.actions import (
        ImportRefused,
        check_file,
        do_import_candidates,
        do_import_ratings,
    )

    organisation = Organisation.objects.filter(slug=args.org).first()
    if organisation is None:
        print(f"secondround import: no organisation {args.org!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        content = args.file.read_bytes()
    except OSError as error:
        print(f"secondround import: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    with Bars() as bars:
        preview = check_file(organisation, args.kind, content, bars.update)
    if preview.errors:
        return _refused(preview.sorted_errors())
    _print_preview(preview)
    if not args.commit:
        print("Dry run: nothing was written. Add --commit to import.")
        return 0
    importer = do_import_ratings if args.kind == ImportKind.RATINGS else do_import_candidates
    try:
        with Bars() as bars:
            counts = importer(None, organisation, content, bars.update)
    except ImportRefused as refused:  # the organisation changed since the check
        return _refused(refused.errors)
    print("Imported: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()))
    return 0


def _refused(errors) -> int:
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(errors)} error(s): nothing was imported.", file=sys.stderr)
    return EXIT_ERRORS


def _print_preview(preview) -> None:
    print(f"{preview.rows} rows, no errors.")
    for kind, n in preview.counts.items():
        print(f"  {kind.replace('_', ' ')}: {n}")
    for kind, names in preview.new_records.items():
        if names:
            print(f"Would create {len(names)} {kind}:")
            for name in names:
                print(f"  {name}")


class Bars:
    """One tqdm bar per phase ("checking", "writing") on stderr, fed by the import's
    progress(phase, done, total) calls."""

    def __init__(self):
        self.bars = {}

    def update(self, phase: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bars.get(phase)
        if bar is None:
            bar = self.bars[phase] = tqdm(
                total=total, desc=phase, unit="row", file=sys.stderr, mininterval=0.2
            )
        bar.update(done - bar.n)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for bar in self.bars.values():
            bar.close()
