"""Read filters' inner queries, compiled once and reused as SQL.

A read filter such as ``Application.objects.visible_to(member)`` nests subqueries: the
interviews the member sits on, the decisions they approve, the scorecards they still owe.
A page calls a dozen filters that nest the same ones, and building and compiling those
nested querysets, not running them, is most of a page's server time (docs/benchmarks.md,
"Page server time").

The SQL of such an inner query depends on nothing but the member (their id, organisation
and roles) and the database, so it is compiled once per process and the filter uses the
SQL text as an uncorrelated subquery. The database still runs it with every query, so a
filter sees every row as it is now, writes of the same request included: only Django's
work of turning the queryset into SQL is saved. The rules stay where they are: the filter
builds its own inner queryset, and this module only keeps its compiled form.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

# Distinct (query, member) pairs kept. A pair is about 1-2 KiB of SQL; the oldest goes first.
MAX_KEPT = 4096

NOTHING = "SELECT 0 WHERE 1 = 0"  # ids are integers: PostgreSQL compares like with like

_compiled: dict[tuple, tuple[str, tuple]] = {}
_keeping = threading.Lock()


def compiled(name: str, member, build: Callable[[], QuerySet]) -> RawSQL:
    """The inner query ``build()`` for ``member``, as SQL compiled once per process.

    ``build`` must return a queryset of one column (``values("pk")``, say) that depends only
    on the member's id, organisation and roles, never on time or on the query it goes in.
    It is called only the first time.
    """
    key = (name, connection.vendor, member.pk, member.organisation_id, *member_roles(member))
    found = _compiled.get(key)
    if found is None:
        queryset = build().order_by()
        try:
            sql, params = queryset.query.get_compiler(connection=connection).as_sql()
        except EmptyResultSet:  # a filter that can match nothing (``none()``)
            sql, params = NOTHING, ()
        found = (sql, tuple(params))
        with _keeping:  # threads of one server share the dict
            while len(_compiled) >= MAX_KEPT:
                del _compiled[next(iter(_compiled))]
            _compiled[key] = found
    return RawSQL(*found)


def member_roles(member) -> tuple[bool, ...]:
    return (
        member.is_admin,
        member.is_recruiter,
        member.is_hiring_manager,
        member.is_interviewer,
        member.is_approver,
    )


def visible(model, member) -> RawSQL:
    """The ids of ``model``'s rows that ``member`` may read, by the model's own read filter
    (``visible_to``), as SQL compiled once: for filters that follow a parent's."""
    return compiled(
        f"visible {model._meta.label}",
        member,
        lambda: model.objects.visible_to(member).values("pk"),
    )


def reach(model, member, organisation: str, rule: Callable) -> RawSQL:
    """The ids of ``model``'s rows in the member's organisation that ``rule(member)`` (a
    ``Q``) admits, as SQL compiled once. ``organisation`` is the path from the model to its
    organisation's id (``"job__organisation_id"``), so that the kept SQL never scans another
    tenant's rows."""
    return compiled(
        f"reach {model._meta.label}",
        member,
        lambda: (
            model.objects.filter(**{organisation: member.organisation_id})
            .filter(rule(member))
            .values("pk")
        ),
    )
