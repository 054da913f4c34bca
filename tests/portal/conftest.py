"""The portal's scene, on top of the cast (tests/conftest.py): Dana's round 2 is tomorrow with
Ivy (Staff Engineer) and Ian; Ivy raised a blocking concern on Dana that Harry shared with her
in candidate wording; Dana holds a live link (``portal.url``)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from secondround.concerns.actions import do_raise_concern
from secondround.hiring import actions as hiring
from secondround.portal import actions
from tests.conftest import login

WORDING = "Tell us about a pipeline you ran that broke, and what you changed."


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """The rate limit counts in the shared (database) cache, which outlives a test's
    transaction: start each test from zero. (Uploads go to the test run's throwaway
    uploads directory, settings.UPLOADS_DIR.)"""
    cache.clear()
    yield
    cache.clear()


class Portal:
    pass


@pytest.fixture
def portal(cast):
    p = Portal()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    p.r2 = hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ivy, cast.ian],
        location="Room 3",
    )
    p.concern = do_raise_concern(
        cast.ivy,
        cast.dana_app,
        type="skill_gap",
        title="Shaky on streaming internals",
        details="Could not explain watermarks at all.",
        probe="Ask about late data.",
        blocking=True,
        owner=cast.ivy,
    )
    p.topic = actions.do_share_topic(cast.harry, p.concern, WORDING)
    p.link, p.token = actions.do_issue_portal_link(cast.alice, cast.dana)
    p.url = f"/p/{p.token}/"
    return p


def member_client(client, member):
    return login(client, member)
