"""Page queries whose SQL is built once per member and run again with each request's ids.

A page's own queries (the interview it shows, the reader's scorecard, the concerns on the
candidate) are the same every time a member opens the page, except for an id or two, or
the time of day. Django builds and compiles each of them anew on every request, and that
work, not the database's, is most of a page's server time (docs/benchmarks.md, "Page
server time"). ``secondround.subqueries`` keeps the compiled SQL of the read filters' inner
queries; this module does the same for a whole query, with the varying values as
parameters.

``prepared(name, build)`` wraps ``build(member, **ids)``, a function that returns the
queryset (read filter included, as always); the ids are integers or aware datetimes. The
first call for a member builds it twice with stand-in values and checks that the two differ
only in those parameters, so that a value that Django would write into the SQL text, or
that changes the query's shape, fails at once rather than reusing the wrong SQL. Later
calls run the kept SQL with the real values and turn the rows into model instances (or
``values()`` dicts) with Django's own iterables; ``prefetch_related`` lookups are then
fetched as usual. The database runs the query every time, so the rows are as they are now.
The rules stay in ``build``, which may depend only on the member (their id, organisation
and roles) and on the values it is given: a time goes in as one of them, never read from
the clock inside ``build``, or the first request's time would be kept.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404

from secondround.subqueries import member_roles

# Distinct (query, member) pairs kept, the least recently used going first. An entry (the
# SQL, the queryset and its compiler) takes about 27 KiB (measured with tracemalloc over the
# demo's pages), so a process keeps at most ~28 MiB; a member's pages use 10-20 entries.
MAX_KEPT = 1024

# Stand-in ids: within the range of every integer column (Django drops a comparison with a
# value outside it, such as 2e9 with a small integer on PostgreSQL, and the SQL would
# differ). Two sets of different parity, to tell which parameters they became and to catch
# a query whose shape follows its ids; the i-th id takes the base plus 2i.
FIRST_STAND_IN, SECOND_STAND_IN = 20_000, 20_001
STAND_IN_EPOCH = datetime(2400, 1, 1, tzinfo=UTC)  # plus the numbers above, in seconds


class NotPreparable(Exception):
    """The query's SQL depends on its ids in more than its parameters."""


@dataclass(frozen=True)
class _Kept:
    queryset: QuerySet  # built with stand-in ids: its iterable, model and prefetches
    compiler: object  # compiled once: its select list and converters read the rows
    sql: str
    params: tuple
    slots: dict[int, str]  # parameter position -> the id it takes


_kept: dict[tuple, _Kept | None] = {}
_keeping = threading.Lock()
# Each name's build (its code): the name keys the kept SQL, so two queries under one name
# would run each other's SQL.
_names: dict[str, object] = {}


def prepared(name: str, build: Callable[..., QuerySet]) -> Callable[..., list]:
    """``build(member, **ids)`` as a function of the same arguments that returns its rows as
    a list, compiling the SQL once per member, organisation and set of roles.

    ``name`` is the query's own: another build under the same name is refused (the same
    build again, from a factory that closes over the values the name spells out, is not)."""
    code = getattr(build, "__code__", build)
    if _names.setdefault(name, code) is not code:
        raise ValueError(f"two prepared queries are named {name!r}")

    def run(member, **ids: int | datetime) -> list:
        kinds = tuple(sorted((name, type(value).__name__) for name, value in ids.items()))
        # No member: a query that reads no read filter (panel_progress's statuses, say).
        whose = () if member is None else (member.pk, member.organisation_id, *member_roles(member))
        key = (name, connection.vendor, *whose, kinds)
        with _keeping:  # threads of one server share the dict
            kept = _kept.pop(key, ...)
            if kept is not ...:
                _kept[key] = kept  # now the most recently used
        if kept is ...:
            kept = _prepare(build, member, ids)
            with _keeping:
                while len(_kept) >= MAX_KEPT:
                    del _kept[next(iter(_kept))]
                _kept[key] = kept
        if kept is None:  # can match nothing whatever the ids (an empty ``__in``, say)
            return list(build(member, **ids))
        return _rerun(kept, ids)

    run.__name__ = run.__qualname__ = name.replace(" ", "_")
    return run


def one_or_404(rows: list, what: str):
    """The row of a prepared read by id, or a 404, as ``get_object_or_404`` answers."""
    if not rows:
        raise Http404(f"No {what} matches the given query.")
    return rows[0]


def _prepare(build, member, ids: dict) -> _Kept | None:
    names = sorted(ids)
    first = {name: _stand_in(ids[name], FIRST_STAND_IN + 2 * i) for i, name in enumerate(names)}
    second = {name: _stand_in(ids[name], SECOND_STAND_IN + 2 * i) for i, name in enumerate(names)}
    queryset = build(member, **first)
    connection = connections[queryset.db]
    try:
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        other_sql, other_params = (
            build(member, **second).query.get_compiler(connection=connection).as_sql()
        )
    except EmptyResultSet:
        return None
    slots = _slots(params, other_params, first, second, connection)
    unchanged = [p for i, p in enumerate(params) if i not in slots]
    other_unchanged = [p for i, p in enumerate(other_params) if i not in slots]
    if (
        sql != other_sql
        or len(params) != len(other_params)
        or unchanged != other_unchanged
        or set(slots.values()) != set(names)  # an id that is no parameter: in the SQL text
    ):
        raise NotPreparable(f"{build.__qualname__}: its SQL changes with its ids")
    # The stand-ins are not kept: a slot holds nothing until a run fills it.
    params = tuple(None if i in slots else p for i, p in enumerate(params))
    return _Kept(queryset, compiler, sql, params, slots)


def _stand_in(value, number: int):
    """A stand-in of the id's kind: an integer, or a time (an aware datetime) far ahead."""
    if isinstance(value, datetime):
        return STAND_IN_EPOCH + timedelta(seconds=number)
    if isinstance(value, int) and not isinstance(value, bool):
        return number
    raise TypeError(f"a prepared query takes integers and datetimes, not {type(value).__name__}")


def _as_parameter(value, connection):
    """The value as the database driver gets it (SQLite's backend passes a time as text)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _slots(params, other_params, first: dict, second: dict, connection) -> dict[int, str]:
    """The parameter positions that hold an id (by its name): those that hold its first
    stand-in in the first build and its second in the second. A constant of the query that
    happens to equal a stand-in is the same in both builds, so it is never taken for one."""
    first_names = {_as_parameter(value, connection): name for name, value in first.items()}
    second_names = {_as_parameter(value, connection): name for name, value in second.items()}
    return {
        i: first_names[p]
        for i, (p, q) in enumerate(zip(params, other_params, strict=False))
        if _plain(p) and _plain(q) and p in first_names and second_names.get(q) == first_names[p]
    }


def _plain(value) -> bool:
    """A value that can be a stand-in (and can be looked up in a dict)."""
    return isinstance(value, int | str | datetime) and not isinstance(value, bool)


def _rerun(kept: _Kept, ids: dict) -> list:
    connection = connections[kept.queryset.db]
    params = list(kept.params)
    for position, name in kept.slots.items():
        params[position] = _as_parameter(ids[name], connection)
    # A copy per run: the kept compiler is shared by threads, each with its own connection.
    compiler = copy.copy(kept.compiler)
    compiler.connection = connection
    compiler.as_sql = lambda *args, **kwargs: (kept.sql, params)
    rows = list(kept.queryset._iterable_class(_Rerun(kept.queryset, compiler)))
    if kept.queryset._prefetch_related_lookups and rows:
        prefetch_related_objects(rows, *kept.queryset._prefetch_related_lookups)
    return rows


class _Rerun:
    """What Django's row iterables read from a queryset, with the compiler swapped for the
    one that runs the kept SQL."""

    def __init__(self, queryset: QuerySet, compiler):
        self._queryset, self.query = queryset, _RerunQuery(queryset.query, compiler)

    def __getattr__(self, name):
        return getattr(self._queryset, name)


class _RerunQuery:
    def __init__(self, query, compiler):
        self._query, self._compiler = query, compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)
