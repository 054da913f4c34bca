"""Helpers for the import tests: build CSV files in memory."""

import csv
import io

from secondround.imports.ratings import COLUMNS as RATING_COLUMNS


def csv_bytes(header, rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def ratings_csv(rows) -> bytes:
    """Rows as (job, candidate, interviewer, competency, rating, lo, hi, interviewed_at)."""
    return csv_bytes(RATING_COLUMNS, rows)


# ruff: noqa: E501 (one rating a line reads best)

# A small valid ratings file on the cast's job ("Data Engineer", scale 1..4): ivy is a
# member, zoe@acme-test.test is unknown (becomes an inactive member), "Ravi Patel" and the
# competency "System design" are new.
GOOD_RATINGS = [  # fmt: skip
    (
        "Data Engineer",
        "Dana Kim",
        "ivy@acme-test.test",
        "Problem solving",
        3,
        1,
        4,
        "2025-05-01T10:00:00Z",
    ),
    (
        "Data Engineer",
        "Dana Kim",
        "ivy@acme-test.test",
        "System design",
        4,
        1,
        4,
        "2025-05-01T10:00:00Z",
    ),
    (
        "Data Engineer",
        "Dana Kim",
        "zoe@acme-test.test",
        "Problem solving",
        2,
        1,
        4,
        "2025-05-02T10:00:00Z",
    ),
    (
        "Data Engineer",
        "Ravi Patel",
        "ivy@acme-test.test",
        "Problem solving",
        1,
        1,
        4,
        "2025-05-03T10:00:00Z",
    ),
    (
        "Data Engineer",
        "Ravi Patel",
        "zoe@acme-test.test",
        "Problem solving",
        2,
        1,
        4,
        "2025-05-04T10:00:00Z",
    ),
]


def candidates_csv(rows, header=("name", "email", "phone", "source", "job", "stage")) -> bytes:
    return csv_bytes(header, rows)


def messages(preview) -> list[tuple[int, str, str]]:
    """A dry run's errors as (row, column, message), in row order."""
    return [(e.row, e.column, e.message) for e in preview.sorted_errors()]


def table_counts() -> dict[str, int]:
    """Rows in every table of the project and of users: what "nothing changed" compares."""
    from django.apps import apps

    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in {"sessions", "contenttypes", "admin"}
    ]
    return {m._meta.label: m._base_manager.count() for m in models}
