"""Write one organisation's full export (see manifest.py for the layout)."""

import datetime
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from secondround.accounts.models import Organisation
from secondround.audit.log import record
from secondround.transfer import manifest as layout
from secondround.transfer.scope import (
    exported_fields,
    exported_models,
    file_fields,
    label,
    rows_of,
)


class ExportError(Exception):
    """The export was refused; the message says why."""


def export_organisation(organisation: Organisation, out: str | os.PathLike) -> dict:
    """Write the organisation's export to ``out`` and return its manifest.

    One transaction reads every table, so the export is one consistent moment even while the
    app runs (PostgreSQL: a repeatable-read snapshot). The file is written beside ``out`` and
    moved into place at the end, so ``out`` is either a complete export or absent."""
    unapplied = layout.unapplied_migrations()
    if unapplied:
        raise ExportError(
            f"The database lacks {len(unapplied)} migration(s) of this secondround (e.g. "
            f"{unapplied[0]}): run `secondround manage migrate` first, then export."
        )
    out = Path(out)
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=out.parent)
    os.close(handle)
    try:
        # Only an outermost transaction can choose its isolation (tests run inside one).
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            # The export is itself part of the organisation's history, and of the export.
            record(
                None,
                "organisation.exported",
                organisation,
                organisation,
                format_version=layout.FORMAT_VERSION,
            )
            manifest = _write_zip(organisation, temporary)
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return manifest


def _write_zip(organisation: Organisation, path: str) -> dict:
    models = exported_models()
    counts: dict[str, int] = {}
    files: list[str] = []
    missing: list[str] = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model in models:
            rows = rows_of(model, organisation.pk)
            m2m = [f.name for f in model._meta.many_to_many]
            if m2m:
                rows = rows.prefetch_related(*m2m)
            count = 0
            with archive.open(layout.data_path(label(model)), "w") as stream:
                for line in _serialised_lines(model, rows):
                    stream.write(line)
                    count += 1
            counts[label(model)] = count
            for name, problem in _copy_files(archive, model, rows):
                (missing if problem else files).append(name)
        manifest = {
            "format": layout.FORMAT,
            "format_version": layout.FORMAT_VERSION,
            "app_version": layout.app_version(),
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "organisation": {
                "id": organisation.pk,
                "slug": organisation.slug,
                "name": organisation.name,
            },
            "migrations": layout.applied_migrations({m._meta.app_label for m in models}),
            "counts": counts,
            "files": sorted(files),
            "missing_files": sorted(missing),
        }
        archive.writestr(layout.MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (for JavaScript); an export keeps every
    microsecond, so that a restored row equals the original."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _serialised_lines(model, rows):
    """One JSON line per row, in chunks so that a large table never sits in memory whole."""
    fields = exported_fields(model)
    options = {"cls": ExactEncoder}
    if fields is not None:
        options["fields"] = fields
    chunk = 2000
    last = None
    while True:
        page = rows if last is None else rows.filter(pk__gt=last)
        batch = list(page[:chunk])
        if not batch:
            return
        text = serializers.serialize("jsonl", batch, **options)
        for line in text.splitlines():
            yield (line + "\n").encode()
        last = batch[-1].pk


def _copy_files(archive: zipfile.ZipFile, model, rows):
    """Put each stored file of the rows into the zip; yields (name, problem or None)."""
    fields = file_fields(model)
    if not fields:
        return
    for field in fields:
        for name in rows.exclude(**{field.name: ""}).values_list(field.name, flat=True):
            try:
                with (
                    field.storage.open(name, "rb") as source,
                    archive.open(layout.file_path(name), "w") as target,
                ):
                    while block := source.read(1 << 20):
                        target.write(block)
            except FileNotFoundError:
                yield name, "missing"
            else:
                yield name, None
