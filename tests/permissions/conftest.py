"""Fixtures for the permission tables.

The tables hold hundreds of (viewer, object) cases. Building the scenario for each would take
minutes, so `scene` builds it once per module and per state (ivy before or after submitting)
inside a transaction that is rolled back at the end of the module. Each test still runs in its
own savepoint (the `db` fixture), so a test that writes leaves nothing behind for the next.
"""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from tests import conftest as cast_module
from tests.permissions.scene import build_scene

# Every role of the brief, by name. "ivy_before"/"ivy_after" are ivy, on dana's round 1 panel,
# before and after submitting her scorecard; "anon" is nobody signed in.
VIEWERS = [
    "alice",  # admin + recruiter
    "rita",  # recruiter only
    "harry",  # hiring manager of the job
    "hank",  # hiring manager of another job
    "ivy_before",  # interviewer on the panel, her scorecard a draft
    "ivy_after",  # the same, scorecard submitted
    "nora",  # interviewer on no panel
    "vera",  # approver on dana's chain
    "vince",  # approver on another chain (paul's), not dana's
    "oscar",  # admin of another organisation
    "anon",  # anonymous
]


def state_for(viewer: str) -> str:
    return "after" if viewer == "ivy_after" else "before"


def member_for(c, viewer: str):
    if viewer == "anon":
        return None
    return c.ivy if viewer.startswith("ivy") else getattr(c, viewer)


def user_for(c, viewer: str):
    member = member_for(c, viewer)
    return AnonymousUser() if member is None else member.user


@pytest.fixture(scope="module")
def scene(request, django_db_setup, django_db_blocker):
    """The cast plus tests/permissions/scene.py, with ivy's card submitted when the
    (indirect) parameter is "after"."""
    make_cast = inspect.unwrap(cast_module.cast)
    with django_db_blocker.unblock(), transaction.atomic():
        c = build_scene(make_cast(None), ivy_submitted=request.param == "after")
        yield c
        transaction.set_rollback(True)


def cases(table, viewers=VIEWERS):
    """Expand {object name: viewers who may see it} into parametrize rows
    (state, viewer, object name, expected), grouped by state so that each module builds the
    scene once per state (pytest keeps this order)."""
    rows = [(state_for(v), v, name, v in seers) for name, seers in table.items() for v in viewers]
    rows.sort(key=lambda row: row[0] == "after")
    return [pytest.param(*row, id=f"{row[1]}-{row[2]}") for row in rows]
