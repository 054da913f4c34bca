"""Load an export into an empty database, primary keys kept (see docs/data.md)."""

import json
import os
import zipfile

from django.core import serializers
from django.core.files.base import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from secondround.accounts.models import Organisation
from secondround.audit.log import record
from secondround.transfer import manifest as layout
from secondround.transfer.scope import exported_models, file_fields, label

BATCH = 1000  # rows per INSERT batch


class RestoreError(Exception):
    """The restore was refused or failed; nothing was written. The message says why."""


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(layout.MANIFEST))
    except KeyError:
        raise layout.FormatError(
            "This file is not a secondround export (no manifest.json in it)."
        ) from None
    except ValueError as error:
        raise layout.FormatError(f"The export's manifest is not valid JSON: {error}") from None
    layout.check_format(manifest)
    return manifest


def restore_organisation(path: str | os.PathLike, migrate: bool = True) -> dict:
    """Restore the export at ``path`` into this (empty) database and return its manifest.

    Refuses, before writing anything: a file that is not an export, a newer or unknown format
    version, an export from another schema, and a database that holds any organisation's data.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise RestoreError(f"Cannot read {os.fspath(path)}: {error}") from None
    with archive:
        try:
            manifest = read_manifest(archive)
        except layout.FormatError as error:
            raise RestoreError(str(error)) from None
        _prepare_schema(migrate)
        models = exported_models()
        here = layout.applied_migrations({m._meta.app_label for m in models})
        try:
            layout.compare_migrations(
                manifest.get("migrations", {}), here, manifest.get("app_version", "?")
            )
        except layout.FormatError as error:
            raise RestoreError(str(error)) from None
        occupied = [label(m) for m in models if m._base_manager.exists()]
        if occupied:
            raise RestoreError(
                "The database is not empty (it holds rows in "
                f"{', '.join(occupied[:4])}{' and more' if len(occupied) > 4 else ''}). "
                "Restore into a new, empty database: see docs/data.md."
            )
        _load(archive, manifest, models)
    return manifest


def _prepare_schema(migrate: bool) -> None:
    """Migrate a new database (no tables yet). A database that has tables is never changed
    before the checks: it must already be migrated, and then empty."""
    if migrate and Organisation._meta.db_table not in connection.introspection.table_names():
        call_command("migrate", interactive=False, verbosity=0)
        return
    unapplied = layout.unapplied_migrations()
    if unapplied:
        raise RestoreError(
            f"The database lacks {len(unapplied)} migration(s) of this secondround (e.g. "
            f"{unapplied[0]}). Restore into a new, empty database: see docs/data.md."
        )


def _load(archive: zipfile.ZipFile, manifest: dict, models) -> None:
    known = {label(m): m for m in models}
    unknown = sorted(set(manifest.get("counts", {})) - set(known))
    if unknown:
        raise RestoreError(f"The export holds tables this install lacks: {', '.join(unknown)}.")
    saved_files: list = []
    try:
        with transaction.atomic():
            for name, model in known.items():
                expected = manifest.get("counts", {}).get(name, 0)
                loaded = _load_table(archive, manifest, name, model, saved_files)
                if loaded != expected:
                    raise RestoreError(
                        f"{name}: the export's manifest counts {expected} rows, its data {loaded}."
                    )
            # Foreign keys were checked at commit time only (they are deferred): check now,
            # so a broken export fails with its table named rather than at commit.
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            _reset_sequences(models)
            organisation = Organisation.objects.get(pk=manifest["organisation"]["id"])
            record(
                None,
                "organisation.restored",
                organisation,
                organisation,
                format_version=manifest["format_version"],
                exported_at=manifest.get("created_at"),
                app_version=manifest.get("app_version"),
            )
    except BaseException:
        for storage, stored in saved_files:  # the rows are gone: so are their files
            storage.delete(stored)
        raise


def _load_table(archive, manifest, name, model, saved_files) -> int:
    try:
        stream = archive.open(layout.data_path(name))
    except KeyError:
        return 0  # a table added to this code since the export (its count is 0 too)
    fields = file_fields(model)
    in_zip = set(manifest.get("files", []))
    count, batch = 0, []
    with stream:
        # The jsonl deserialiser reads the zip's lines one by one (it skips blank ones).
        for item in serializers.deserialize("jsonl", stream, ignorenonexistent=False):
            for field in fields:
                _restore_file(archive, item.object, field, in_zip, saved_files)
            batch.append(item)
            if len(batch) == BATCH:
                count += _insert(model, batch)
                batch = []
        count += _insert(model, batch)
    return count


def _insert(model, items) -> int:
    """Insert deserialised rows as they are, then their many-to-many pairs: a few statements
    per thousand rows rather than two per row. A raw insert, as Model.save_base(raw=True)
    does it: ids and every stored value kept (``auto_now`` times are not renewed), no save()
    logic, no signals."""
    if not items:
        return 0
    rows = [item.object for item in items]
    columns = list(model._meta.local_concrete_fields)
    size = connection.ops.bulk_batch_size(columns, rows) or len(rows)
    for start in range(0, len(rows), size):
        model._base_manager._insert(rows[start : start + size], fields=columns, raw=True)
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        mine, theirs = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through._base_manager.bulk_create(
            through(**{mine: item.object.pk, theirs: other})
            for item in items
            for other in item.m2m_data.get(field.name, [])
        )
    return len(items)


def _restore_file(archive, obj, field, in_zip, saved_files) -> None:
    """Write the row's file back to its storage under the same name (a different one if that
    name is taken, and the row then points at it)."""
    name = getattr(obj, field.attname)
    name = getattr(name, "name", name)
    if not name or name not in in_zip:
        return
    storage = field.storage
    with archive.open(layout.file_path(name)) as source:
        stored = storage.save(name, File(source, name=name))
    saved_files.append((storage, stored))
    if stored != name:
        setattr(obj, field.attname, stored)


def _reset_sequences(models) -> None:
    """PostgreSQL's id sequences still start at 1 after rows were inserted with their ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
