"""What a dry run reports: per-row errors, the records it would create, the first rows."""

from collections.abc import Callable
from dataclasses import dataclass, field

from secondround.imports.csvfile import RowError

# Called as progress(phase, done, total) while a file is checked or written.
Progress = Callable[[str, int, int], None]
SAMPLE_ROWS = 10
# How often (in rows) a long loop reports its progress.
PROGRESS_EVERY = 2000


def no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass
class ImportPreview:
    kind: str
    columns: tuple[str, ...]
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Records that do not exist yet, by kind ("jobs", "candidates"...), each named in words.
    new_records: dict[str, list[str]] = field(default_factory=dict)
    # How many records of each kind the commit writes (new and matched ones).
    counts: dict[str, int] = field(default_factory=dict)
    sample: list[list[str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def keep_sample(self, values: dict[str, str]) -> None:
        if len(self.sample) < SAMPLE_ROWS:
            self.sample.append([values.get(c, "") for c in self.columns])

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: (e.row, e.column))
