"""Schemas shared by the routers: errors, people, and the input types that keep bad input a
4xx (ids that fit a bigint, text without NUL characters, which PostgreSQL refuses)."""

from datetime import UTC, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field

from secondround.accounts.models import Member

# Primary keys are 64-bit: a larger number would overflow the database driver (a 500).
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Small numbers stored in smallint columns (scale points, round numbers, minutes).
SmallInt = Annotated[int, Field(ge=0, le=32_767)]


def _in_range(value: datetime) -> datetime:
    try:
        value.astimezone(UTC)
    except OverflowError as far:
        raise ValueError("This time is out of range.") from far
    if not 1900 <= value.year <= 9000:
        raise ValueError("Give a year between 1900 and 9000.")
    return value


# A moment with its time zone (a naive time would be read in whose zone?), within the years
# that every database and the UTC conversion can hold.
Moment = Annotated[AwareDatetime, AfterValidator(_in_range)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    return value


def Text(max_length: int | None = None):  # noqa: N802 (reads as a type in the schemas)
    """A string the database accepts: no NUL characters, at most ``max_length`` long."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


class ErrorOut(Schema):
    detail: str


class ActionErrorOut(Schema):
    detail: str = Field(description="What went wrong, in words to show a person")
    field: str | None = Field(None, description="The input at fault, when there is one")


class ValidationErrorOut(Schema):
    detail: str
    errors: list[dict[str, Any]] = Field(
        default_factory=list, description="Each malformed input: its location and message"
    )


def responses(ok: dict, *codes: int) -> dict:
    """The response map of an operation: its success response(s) plus the error codes it
    can answer with. 401 and 422 apply to every operation."""
    shapes = {400: ActionErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
    result = dict(ok)
    for code in sorted({401, *codes}):
        result[code] = shapes[code]
    result[422] = ValidationErrorOut
    return result


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def of(member: Member | None) -> "PersonOut | None":
        return None if member is None else PersonOut(id=member.pk, name=member.display_name)
