"""Fixtures for the permission tables.

The tables hold hundreds of (viewer, object) cases. Building the scenario for each would take
minutes, so `scene` builds it once per module inside a transaction that is rolled back at the
end of the module. Each test still runs in its own savepoint (the `db` fixture), so a test that
writes (ivy submitting, an approver's verdict) leaves nothing behind for the next.
"""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from secondround.accounts.models import Member
from secondround.scorecards.actions import do_submit_scorecard
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


def member_for(c, viewer: str):
    """The viewer's Member, fresh from the database (the scene's objects are shared by the
    module's tests, so no test may lean on, or change, their in-memory state)."""
    if viewer == "anon":
        return None
    member = c.ivy if viewer.startswith("ivy") else getattr(c, viewer)
    return Member.objects.select_related("user").get(pk=member.pk)


def user_for(c, viewer: str):
    member = member_for(c, viewer)
    return AnonymousUser() if member is None else member.user


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """The cast plus tests/permissions/scene.py, built once per module (ivy's card a draft)."""
    make_cast = inspect.unwrap(cast_module.cast)
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_scene(make_cast(None))
        transaction.set_rollback(True)


@pytest.fixture
def arrive(db, scene):
    """Put the scene in the viewer's state and return their Member (None when anonymous):
    for "ivy_after", ivy submits her dana card first, inside this test's savepoint."""

    def arrive(viewer: str):
        if viewer == "ivy_after":
            do_submit_scorecard(scene.ivy, scene.dana_r1)
        return member_for(scene, viewer)

    return arrive


def cases(table, viewers=VIEWERS):
    """Expand {object name: viewers who may see it} into parametrize rows
    (viewer, object name, expected)."""
    return [
        pytest.param(viewer, name, viewer in seers, id=f"{viewer}-{name}")
        for name, seers in table.items()
        for viewer in viewers
    ]
