"""Cursor pagination for every list: stable order (by id), an opaque signed cursor, and a
``next`` link that keeps the request's filters.

A cursor names the last id of the page before, so rows added or removed between two pages
never make a reader skip or repeat one. It is signed so that a client cannot forge one into
a different query; a bad one is a 422 like any other malformed parameter.
"""

from typing import Annotated

from django.core import signing
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import Field, create_model

SALT = "secondround.api.cursor"
DEFAULT_LIMIT = 50

Limit = Annotated[int, Field(ge=1, le=200, description="Items per page (1-200, default 50)")]
CursorParam = Annotated[
    str, Field(max_length=200, description="The `next_cursor` of the page before")
]


def invalid(location: list, message: str) -> ValidationError:
    """A 422 with the same body as pydantic's own errors (see api.invalid_request)."""
    return ValidationError([{"type": "value_error", "loc": location, "msg": message}])


def page_of(item: type[Schema]) -> type[Schema]:
    """The response schema of a list: ``{"items": [...], "next": ..., "next_cursor": ...}``."""
    name = item.__name__.removesuffix("Out") + "Page"
    return create_model(
        name,
        __base__=Schema,
        items=(list[item], ...),
        next=(
            str | None,
            Field(description="The next page's URL (path and query), null on the last page"),
        ),
        next_cursor=(str | None, Field(description="Pass as `cursor` for the next page")),
    )


def _after(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        after = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        after = None
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise invalid(["query", "cursor"], "This cursor is not one this API gave out.")
    return after


def paginate(request, queryset, serialise, *, cursor: str | None, limit: int) -> dict:
    """One page of ``queryset`` (ordered by id), each row through ``serialise``."""
    after = _after(cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = signing.dumps(rows[-1].pk, salt=SALT) if more else None
    next_url = None
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = f"{request.path}?{query.urlencode()}"
    return {"items": [serialise(row) for row in rows], "next": next_url, "next_cursor": next_cursor}
