"""The ratings table: the engine's validated, factorised input.

Every input path (CSV, columns, records) ends in :func:`RatingsTable._build`,
which validates with vectorised numpy and reports the *first* bad row by its
number, so that a user can fix a million-row file without guessing.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

COLUMNS = (
    "job",
    "candidate",
    "interviewer",
    "competency",
    "rating",
    "scale_min",
    "scale_max",
    "interviewed_at",
)
ID_COLUMNS = ("job", "candidate", "interviewer", "competency")


class RatingsError(ValueError):
    """Bad ratings input. The message names the line (or row) and the problem."""


@dataclass(frozen=True)
class RatingsTable:
    """Validated ratings, one entry per rating, with ids factorised to codes.

    Attributes
    ----------
    job, candidate, interviewer, competency : np.ndarray of int64
        Codes into the matching ``*_ids`` label arrays.
    job_ids, candidate_ids, interviewer_ids, competency_ids : np.ndarray of str
        The labels (each used by at least one rating).
    rating, scale_min, scale_max : np.ndarray of int64
        The rating and the ends of its scale.
    time : np.ndarray of float64
        Interview time in seconds (only its order within an interviewer matters).
    """

    job: np.ndarray
    candidate: np.ndarray
    interviewer: np.ndarray
    competency: np.ndarray
    job_ids: np.ndarray
    candidate_ids: np.ndarray
    interviewer_ids: np.ndarray
    competency_ids: np.ndarray
    rating: np.ndarray
    scale_min: np.ndarray
    scale_max: np.ndarray
    time: np.ndarray

    def __len__(self) -> int:
        return int(self.rating.shape[0])

    # ------------------------------------------------------------------ builders
    @classmethod
    def from_columns(
        cls,
        job: Sequence,
        candidate: Sequence,
        interviewer: Sequence,
        competency: Sequence,
        rating: Sequence,
        scale_min: Sequence,
        scale_max: Sequence,
        interviewed_at: Sequence,
    ) -> RatingsTable:
        """Build a table from parallel columns.

        Parameters
        ----------
        job, candidate, interviewer, competency : sequence of str
            Ids (converted with ``str``).
        rating, scale_min, scale_max : sequence of int
            Integer ratings and their scale ends.
        interviewed_at : sequence
            ``numpy.datetime64`` values, ``datetime`` objects, ISO 8601 strings or
            float seconds. Only the order within an interviewer is used.

        Raises
        ------
        RatingsError
            With the 1-based row number of the first problem.
        """
        import pandas as pd  # imported here: importing the engine stays light

        cols = dict(job=job, candidate=candidate, interviewer=interviewer, competency=competency)
        others = dict(
            rating=rating, scale_min=scale_min, scale_max=scale_max, interviewed_at=interviewed_at
        )
        n = len(job)
        for name, values in {**cols, **others}.items():
            if len(values) != n:
                raise RatingsError(f"column {name!r} has {len(values)} values, expected {n}")
        coded = {}
        for name, values in cols.items():
            arr = np.asarray(values)
            if arr.dtype.kind not in "UO":
                arr = arr.astype(str)
            codes, uniq = pd.factorize(arr.astype(object), sort=False)
            labels = np.asarray([str(v) for v in uniq.tolist()], dtype=object)
            # Distinct values with equal text (1 and "1") are one id.
            sub, uniq2 = pd.factorize(labels, sort=False)
            if len(uniq2) != len(labels):
                codes, labels = sub[codes], np.asarray(uniq2, dtype=object)
            coded[name] = (codes.astype(np.int64), labels)
        ints = {
            k: _to_int_array(others[k], k, "row", 1) for k in ("rating", "scale_min", "scale_max")
        }
        time = _to_seconds(interviewed_at, "row", 1)
        return cls._build(coded, ints, time, line_word="row", first_line=1)

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> RatingsTable:
        """Build a table from dicts keyed by the CSV column names.

        Raises
        ------
        RatingsError
            On a missing key (naming the row) or any validation problem.
        """
        records = list(records)
        cols: dict[str, list] = {c: [] for c in COLUMNS}
        for i, rec in enumerate(records, start=1):
            for c in COLUMNS:
                if c not in rec:
                    raise RatingsError(f"row {i}: missing column {c!r}")
                cols[c].append(rec[c])
        return cls.from_columns(*(cols[c] for c in COLUMNS))

    @classmethod
    def _build(
        cls, coded, ints, time, line_word: str, first_line: int, line_of=None
    ) -> RatingsTable:
        """Validate factorised columns and make the table.

        ``coded`` maps id column -> (codes, labels); ``ints`` maps numeric column
        -> int64 array; ``line_of(i)`` turns a row index into a user line number.
        """
        if line_of is None:

            def line_of(i):
                return int(i) + first_line

        n = len(ints["rating"])
        if n == 0:
            raise RatingsError("no ratings: the input is empty")

        def fail(idx, msg):
            raise RatingsError(f"{line_word} {line_of(idx)}: {msg}")

        for name in ID_COLUMNS:
            codes, labels = coded[name]
            empty = np.flatnonzero(np.char.str_len(labels.astype(str)) == 0)
            if empty.size:
                bad = np.flatnonzero(np.isin(codes, empty))
                fail(bad[0], f"empty {name}")
        r, lo, hi = ints["rating"], ints["scale_min"], ints["scale_max"]
        bad = np.flatnonzero(lo >= hi)
        if bad.size:
            i = bad[0]
            fail(i, f"scale_min {lo[i]} must be below scale_max {hi[i]}")
        bad = np.flatnonzero((r < lo) | (r > hi))
        if bad.size:
            i = bad[0]
            fail(i, f"rating {r[i]} is outside its scale {lo[i]}..{hi[i]}")
        bad = np.flatnonzero(~np.isfinite(time))
        if bad.size:
            fail(bad[0], "unreadable interviewed_at")

        job, _ = coded["job"]
        cand, cand_labels = coded["candidate"]
        inter, inter_labels = coded["interviewer"]
        comp, comp_labels = coded["competency"]
        # A candidate belongs to one job: compare each row's job with the job of
        # the candidate's first row.
        _, first = np.unique(cand, return_index=True)
        first_job = np.empty(len(cand_labels), dtype=np.int64)
        first_job[cand[first]] = job[first]
        bad = np.flatnonzero(job != first_job[cand])
        if bad.size:
            i = bad[0]
            fail(i, f"candidate {cand_labels[cand[i]]!r} appears under two jobs")
        # Duplicates: one rating per candidate + interviewer + competency.
        key = (cand * len(inter_labels) + inter) * len(comp_labels) + comp
        order = np.argsort(key, kind="stable")
        sk = key[order]
        dup = np.flatnonzero(sk[1:] == sk[:-1])
        if dup.size:
            later = order[dup + 1]
            j = int(np.argmin(later))
            i, first_i = later[j], order[dup[j]]
            fail(
                i,
                f"duplicate rating for candidate {cand_labels[cand[i]]!r}, interviewer "
                f"{inter_labels[inter[i]]!r}, competency {comp_labels[comp[i]]!r} "
                f"(first given on {line_word} {line_of(first_i)})",
            )
        tables = {}
        for name in ID_COLUMNS:
            codes, labels = coded[name]
            # Drop labels that no row uses and renumber densely.
            used = np.zeros(len(labels), dtype=bool)
            used[codes] = True
            if not used.all():
                remap = np.cumsum(used) - 1
                codes, labels = remap[codes], labels[used]
            tables[name] = (
                np.ascontiguousarray(codes, dtype=np.int64),
                np.asarray(labels).astype(str),
            )
        return cls(
            job=tables["job"][0],
            candidate=tables["candidate"][0],
            interviewer=tables["interviewer"][0],
            competency=tables["competency"][0],
            job_ids=tables["job"][1],
            candidate_ids=tables["candidate"][1],
            interviewer_ids=tables["interviewer"][1],
            competency_ids=tables["competency"][1],
            rating=r,
            scale_min=lo,
            scale_max=hi,
            time=np.asarray(time, dtype=np.float64),
        )


def _to_int_array(values, name: str, line_word: str, first_line: int) -> np.ndarray:
    """Convert values to int64, naming the first non-integer row."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "f":
        num = arr.astype(np.float64)
    else:
        import pandas as pd

        obj = pd.Series(arr.astype(object))
        is_bool = obj.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
        num = pd.to_numeric(obj.astype(str).str.strip(), errors="coerce").to_numpy(dtype=np.float64)
        num[is_bool] = np.nan
    bad = np.flatnonzero(~np.isfinite(num) | (num != np.round(num)))
    if bad.size:
        i = bad[0]
        raise RatingsError(
            f"{line_word} {i + first_line}: {name} {_show(arr[i])} is not an integer"
        )
    return num.astype(np.int64)


def _to_seconds(values, line_word: str, first_line: int) -> np.ndarray:
    """Convert times (datetime64, datetime, ISO str or float seconds) to float seconds."""
    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        out = arr.astype("datetime64[us]").astype(np.int64).astype(np.float64) / 1e6
        out[np.isnat(arr)] = np.nan
    elif arr.dtype.kind in "iuf":
        out = arr.astype(np.float64)
    else:
        import pandas as pd

        obj = arr.astype(object)
        try:
            parsed = pd.to_datetime(pd.Series(obj), format="ISO8601", utc=True, errors="coerce")
            out = parsed.to_numpy(dtype="datetime64[us]").astype(np.int64) / 1e6
            out[parsed.isna().to_numpy()] = np.nan
        except (TypeError, ValueError, OverflowError):
            out = np.array([_one_time(v) for v in obj.tolist()], dtype=np.float64)
        # Numbers mixed into an object column are seconds, like a numeric column.
        for i in np.flatnonzero(~np.isfinite(out)).tolist():
            out[i] = _one_time(obj[i])
    bad = np.flatnonzero(~np.isfinite(out))
    if bad.size:
        i = bad[0]
        raise RatingsError(
            f"{line_word} {i + first_line}: unreadable interviewed_at {_show(arr[i])}"
        )
    return out


def _show(v) -> str:
    """A value for an error message (numpy scalars shown as plain Python values)."""
    return repr(v.item() if isinstance(v, np.generic) else v)


def _one_time(v) -> float:
    """One time value to seconds since the epoch (naive times taken as UTC)."""
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.UTC)
        return v.timestamp()
    if isinstance(v, _dt.date):
        return _dt.datetime(v.year, v.month, v.day, tzinfo=_dt.UTC).timestamp()
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, np.datetime64):
        return (
            float(v.astype("datetime64[us]").astype(np.int64)) / 1e6 if not np.isnat(v) else np.nan
        )
    if isinstance(v, str):
        s = v.strip()
        if s.endswith("Z"):
            s = s[:-1] + "+00:00"
        try:
            return _one_time(_dt.datetime.fromisoformat(s))
        except ValueError:
            return float("nan")
    return float("nan")
