"""Every exported row of one organisation, as plain JSON, to compare two databases.

Run in the test's process on the source database and in a subprocess on the restored one
(see restore_and_dump.py). Auto-created many-to-many tables and stored files' contents are
included."""

import hashlib
import json

from secondround.transfer.scope import (
    LEFT_OUT_FIELDS,
    exported_models,
    file_fields,
    label,
    rows_of,
)


def _plain(rows) -> list:
    return json.loads(json.dumps(list(rows), default=str, sort_keys=True))


def table_rows(organisation_id: int) -> dict[str, list]:
    tables: dict[str, list] = {}
    for model in exported_models():
        rows = rows_of(model, organisation_id)
        columns = [f.attname for f in model._meta.concrete_fields]
        tables[label(model)] = _plain(rows.values(*columns))
        for m2m in model._meta.many_to_many:
            if m2m.name in LEFT_OUT_FIELDS.get(label(model), ()):
                continue
            through = m2m.remote_field.through
            # The pairs, not their own ids: restore re-creates a many-to-many row from its
            # pair (as Django's serialisation does), and nothing refers to the row's id.
            pair = [f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"]
            links = through._base_manager.filter(
                **{f"{m2m.m2m_field_name()}__in": rows.values("pk")}
            )
            tables[label(through)] = _plain(links.order_by(*pair).values(*pair))
        for field in file_fields(model):
            names = rows.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            tables[f"{label(model)}.{field.name} (file contents)"] = [
                [name, hashlib.sha256(field.storage.open(name).read()).hexdigest()]
                for name in names
            ]
    return tables
