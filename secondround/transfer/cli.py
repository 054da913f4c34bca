"""``secondround export``, ``secondround restore`` and ``secondround export-ratings``.

secondround export --org SLUG OUT.zip          one organisation's full export
secondround restore IN.zip                     into an empty database (migrates it first)
secondround export-ratings --org SLUG OUT.csv  submitted ratings, for `secondround calibrate`
"""

import argparse
import sys

COMMANDS = ("export", "restore", "export-ratings")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="secondround")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser("export", help="write one organisation's full export (zip)")
    export.add_argument("--org", required=True, metavar="SLUG", help="the organisation's slug")
    export.add_argument("out", metavar="OUT", help="the export file to write (a .zip)")
    restore = commands.add_parser("restore", help="load an export into an empty database")
    restore.add_argument("path", metavar="IN", help="an export made by `secondround export`")
    ratings = commands.add_parser(
        "export-ratings", help="write the submitted ratings as a ratings CSV"
    )
    ratings.add_argument("--org", required=True, metavar="SLUG", help="the organisation's slug")
    ratings.add_argument("out", metavar="OUT", help="the CSV file to write")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from secondround.cli import _setup_django

    _setup_django()
    if args.command == "restore":
        return restore(args.path)
    from secondround.accounts.models import Organisation

    organisation = Organisation.objects.filter(slug=args.org).first()
    if organisation is None:
        print(f"secondround {args.command}: no organisation {args.org!r}.", file=sys.stderr)
        return 1
    if args.command == "export":
        return export(organisation, args.out)
    return export_ratings(organisation, args.out)


def export(organisation, out: str) -> int:
    from secondround.transfer.export import ExportError, export_organisation

    try:
        manifest = export_organisation(organisation, out)
    except ExportError as error:
        print(f"secondround export: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"secondround export: cannot write {out}: {error}", file=sys.stderr)
        return 1
    rows = sum(manifest["counts"].values())
    print(
        f"Exported {organisation.name}: {rows} rows in {len(manifest['counts'])} tables, "
        f"{len(manifest['files'])} file(s), to {out}."
    )
    for name in manifest["missing_files"]:
        print(f"  warning: the file {name} is missing from storage", file=sys.stderr)
    return 0


def restore(path: str) -> int:
    from secondround.transfer.restore import RestoreError, restore_organisation

    try:
        manifest = restore_organisation(path)
    except RestoreError as error:
        print(f"secondround restore: {error}", file=sys.stderr)
        return 1
    organisation = manifest["organisation"]
    rows = sum(manifest["counts"].values())
    print(
        f"Restored {organisation['name']} ({organisation['slug']}): {rows} rows, "
        f"{len(manifest['files'])} file(s), exported {manifest['created_at']}."
    )
    return 0


def export_ratings(organisation, out: str) -> int:
    from secondround.transfer.ratings_csv import write_ratings_csv

    try:
        with open(out, "w", encoding="utf-8", newline="") as stream:
            count = write_ratings_csv(stream, organisation.pk)
    except OSError as error:
        print(f"secondround export-ratings: cannot write {out}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {count} ratings of {organisation.name} to {out}.")
    return 0
