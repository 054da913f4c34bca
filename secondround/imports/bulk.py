"""Fast inserts for the ratings import, with the database's own checks still applied.

New records get their ids first (from the table's sequence on PostgreSQL, after the table's
last id on SQLite), so that the records pointing at them can be written the same way; then
rows go in with COPY on PostgreSQL, a prepared executemany on SQLite. No per-record save()
runs: callers set every value a save would (the
``auto_now`` times are filled in here), and the constraints are the database's.
"""

import json
from itertools import islice

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def batched(iterable, size: int):
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_records(records: list[models.Model]) -> None:
    """Insert unsaved instances of one model; each gets its primary key."""
    if not records:
        return
    model = type(records[0])
    meta = model._meta
    if connection.vendor == "postgresql":
        ids = _postgresql_ids(meta, len(records))
    elif connection.vendor == "sqlite":
        ids = _sqlite_ids(meta, len(records))
    else:
        model.objects.bulk_create(records, batch_size=BATCH)
        return
    now = timezone.now()
    fields = meta.concrete_fields
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for record, pk in zip(records, ids, strict=True):
        record.pk = pk
        record._state.adding = False
        for field in stamped:
            setattr(record, field.attname, now)
    values = ([_value(f, getattr(r, f.attname)) for f in fields] for r in records)
    insert_rows(model, tuple(f.column for f in fields), values)


def _postgresql_ids(meta, n: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _sqlite_ids(meta, n: int) -> list[int]:
    """The next ids of an AUTOINCREMENT table. SQLite has one writer at a time, and this
    transaction is it (it began IMMEDIATE, or has written already), so nobody takes them in
    between; inserting them moves the table's sqlite_sequence on, as an insert does."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX({connection.ops.quote_name(meta.pk.column)}) FROM "
            f"{connection.ops.quote_name(meta.db_table)}), 0))",
            [meta.db_table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + n))


def insert_rows(model, columns: tuple[str, ...], values) -> None:
    """Plain rows (sequences of column values) into ``model``'s table."""
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's cursor wraps psycopg's; COPY is psycopg's own.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for batch in batched(values, 10 * BATCH):
            cursor.executemany(sql, batch)


def _value(field, value):
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
        # As Django stores it (SQLite: naive UTC text), so that lookups compare like with like.
        return connection.ops.adapt_datetimefield_value(value)
    return value
