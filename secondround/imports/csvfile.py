"""Reading an uploaded CSV into rows, with the file-level errors an import reports: not UTF-8,
empty, a missing column, a row with the wrong number of fields.

Row numbers are the file's line numbers (the header is row 1), as a spreadsheet shows them.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email


@dataclass(frozen=True)
class RowError:
    row: int  # the file's line number; 0 for the file as a whole
    column: str  # "" when no one column is at fault
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}{f', column {self.column}' if self.column else ''}: {self.message}"


@dataclass
class CsvRows:
    """A decoded file: its data rows as (row number, {column: stripped value})."""

    rows: list[tuple[int, dict[str, str]]]
    errors: list[RowError]


def decode(content: bytes) -> tuple[str | None, RowError | None]:
    """The file as text, or the error naming the row of its first non-UTF-8 byte."""
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError as bad:
        row = content.count(b"\n", 0, bad.start) + 1
        byte = content[bad.start]
        return None, RowError(
            row, "", f"The file is not UTF-8 (byte 0x{byte:02x}). Save it as CSV UTF-8."
        )


def read_rows(content: bytes, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> CsvRows:
    """Decode and split the file. Extra columns are ignored; blank lines are skipped."""
    text, error = decode(content)
    if error is not None:
        return CsvRows([], [error])
    if not text.strip():
        return CsvRows([], [RowError(0, "", "The file is empty.")])
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in required if name not in header]
    if missing:
        return CsvRows([], [RowError(1, name, f"Missing column {name!r}.") for name in missing])
    wanted = [(name, header.index(name)) for name in (*required, *optional) if name in header]
    rows, errors = [], []
    try:
        for fields in reader:
            _take(reader.line_num, fields, header, wanted, rows, errors)
    except csv.Error as malformed:
        errors.append(RowError(reader.line_num, "", f"This is not a readable CSV: {malformed}."))
    if not rows and not errors:
        errors.append(RowError(0, "", "The file has a header but no rows."))
    return CsvRows(rows, errors)


def _take(row, fields, header, wanted, rows, errors) -> None:
    if not any(field.strip() for field in fields):
        return
    if len(fields) != len(header):
        errors.append(
            RowError(row, "", f"This row has {len(fields)} fields; the header has {len(header)}.")
        )
        return
    rows.append((row, {name: fields[i].strip() for name, i in wanted}))


def is_email(value: str, _seen: dict[str, bool] = {}) -> bool:  # noqa: B006 (a cache)
    """Django's own e-mail check, remembered per value: a ratings file repeats a few
    interviewers' addresses thousands of times."""
    if value not in _seen:
        try:
            validate_email(value)
            _seen[value] = True
        except ValidationError:
            _seen[value] = False
        if len(_seen) > 100_000:
            _seen.clear()
    return _seen[value]
