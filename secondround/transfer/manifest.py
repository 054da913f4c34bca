"""The manifest of an export: what made it, from which schema, and what it holds.

An export is a zip file:

    manifest.json                  this manifest
    data/<app>.<model>.jsonl       one JSON object per row (Django's "jsonl" serialisation,
                                   primary keys kept)
    files/<storage name>           each uploaded file (CVs, candidates' documents)

``FORMAT_VERSION`` changes when the layout of the zip changes, not when a model does: the
schema is described by ``migrations`` (the applied migrations of every exported app).
"""

import importlib.metadata

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "secondround-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def app_version() -> str:
    try:
        return importlib.metadata.version("secondround")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover (a bare checkout)
        return "unknown"


def data_path(model_label: str) -> str:
    return f"data/{model_label}.jsonl"


def file_path(name: str) -> str:
    return f"files/{name}"


def applied_migrations(app_labels) -> dict[str, list[str]]:
    """{app label: sorted names of its applied migrations} for the given apps."""
    wanted = set(app_labels)
    applied: dict[str, list[str]] = {app: [] for app in sorted(wanted)}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app in wanted:
            applied[app].append(name)
    return {app: sorted(names) for app, names in applied.items()}


def unapplied_migrations() -> list[str]:
    """This code's migrations that the database has not applied ("app.name")."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


class FormatError(Exception):
    """The file is not an export this version can restore; the message says why."""


def check_format(manifest: dict) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise FormatError("This file is not a secondround export (no export manifest in it).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise FormatError(f"Unknown export format version {version!r}.")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"This export uses format version {version}, made by secondround "
            f"{manifest.get('app_version', '?')}; this secondround ({app_version()}) reads "
            f"format versions up to {FORMAT_VERSION}. Upgrade secondround, then restore."
        )


def compare_migrations(exported: dict, here: dict, made_by: str) -> None:
    """Refuse an export made from another schema than this install's, saying which way."""
    unknown = sorted(
        f"{app}.{name}"
        for app, names in exported.items()
        for name in names
        if name not in here.get(app, [])
    )
    if unknown:
        raise FormatError(
            f"This export was made by a newer secondround ({made_by}): this install does not "
            f"know its migrations {', '.join(unknown[:5])}"
            f"{' and more' if len(unknown) > 5 else ''}. Upgrade secondround, then restore."
        )
    # An app the export does not know at all is new since: its tables start empty. An app it
    # knows with fewer migrations had another schema, which this code cannot read.
    missing = sorted(
        f"{app}.{name}"
        for app, names in here.items()
        if app in exported
        for name in names
        if name not in exported[app]
    )
    if missing:
        raise FormatError(
            f"This export was made by an older secondround ({made_by}), before the migrations "
            f"{', '.join(missing[:5])}{' and more' if len(missing) > 5 else ''}. Restore it "
            f"with secondround {made_by}, then upgrade that install (docs/data.md)."
        )
