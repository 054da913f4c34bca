"""The authorization table's world: the permissions scene (tests/permissions/scene.py) plus
what the routes need to have something to show.

Added to the scene: a real calibration run over its ratings (so that blind pages have figures
to leak), Dana's portal link and Luis's, a topic shared with Dana, a document that Dana
uploaded, a CV on file for Dana, and dee, an interviewer who signed in and was then
deactivated (her old session cookie and her API token are kept to be tried).

Each viewer visits with a fresh client that carries only their session cookie, so a route
that signs out (or a test that fails half-way) cannot change the next test's viewer.
"""

import inspect

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from secondround.accounts.actions import do_create_api_token, do_deactivate_member
from secondround.accounts.invitations import do_invite_member
from secondround.calibration.actions import do_refresh_calibration
from secondround.hiring.application_actions import do_add_candidate
from secondround.hiring.library_actions import do_save_library_competency
from secondround.hiring.models import Candidate
from secondround.hiring.note_actions import do_add_internal_note
from secondround.imports.actions import do_stage_import
from secondround.notifications.actions import do_reset_calendar_feed
from secondround.portal.actions import do_issue_portal_link, do_share_topic, do_upload_document
from secondround.scorecards.actions import do_submit_scorecard
from secondround.webhooks.actions import (
    do_create_subscription,
    do_save_webhook_settings,
)
from tests import conftest as cast_module
from tests.conftest import ANCHORS, add_member
from tests.permissions.conftest import VIEWERS as SCENE_VIEWERS
from tests.permissions.conftest import member_for
from tests.permissions.scene import build_scene

# The scene's viewers, then: dee (deactivated after signing in) and "portal", a candidate
# (Luis) holding only his own portal link.
VIEWERS = [*SCENE_VIEWERS, "dee", "portal"]
SIGNED_OUT = {"anon", "dee", "portal"}

PDF = b"%PDF-1.4\n% a CV\n"


def _session_for(user) -> str:
    """A real session for ``user``, as a sign-in would leave it; returns its key."""
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "secondround.accounts.backends.MemberModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def _extend(c):
    """Add to the permissions scene what the route table needs (see the module docstring)."""
    c.dana_link, c.dana_token = do_issue_portal_link(c.alice, c.dana)
    c.luis_link, c.luis_token = do_issue_portal_link(c.alice, c.luis)
    c.dana_topic = do_share_topic(c.alice, c.dana_concern, "How deep is your SQL?")
    c.dana_document = do_upload_document(
        c.dana_link, c.dana_app, SimpleUploadedFile("work.pdf", PDF, "application/pdf")
    )
    c.cora = _candidate_with_cv(c)
    c.vera_step = c.dana_decision.steps.get(approver=c.vera)
    c.ivy_feed_token = do_reset_calendar_feed(c.ivy)
    c.invitation_token = do_invite_member(
        c.alice, c.acme, email="later@acme.test", display_name="Later", roles={"interviewer"}
    )[1]
    c.snapshot = do_refresh_calibration(c.acme.pk)
    _webhook(c)
    c.library_entry = do_save_library_competency(
        c.alice, name="Curiosity", kind="values", anchors=ANCHORS
    )
    c.alice_import = do_stage_import(
        c.alice, "candidates", "people.csv", b"name,email\nZed Lee,zed@example.com\n"
    )
    c.dana_note = do_add_internal_note(c.harry, c.dana_app, text="Asked about notice period.")

    c.dee = add_member(c.acme, "dee", "interviewer")
    c.dee_token = do_create_api_token(None, c.dee, "old")[1]
    c.dee_session = _session_for(c.dee.user)
    do_deactivate_member(c.alice, c.dee)

    c.sessions = {"dee": c.dee_session}
    c.tokens = {"dee": c.dee_token}
    for viewer in SCENE_VIEWERS:
        member = member_for(c, viewer)
        if member is not None and viewer != "ivy_after":
            c.sessions[viewer] = _session_for(member.user)
            c.tokens[viewer] = do_create_api_token(None, member, "table")[1]
    c.sessions["ivy_after"] = c.sessions["ivy_before"]
    c.tokens["ivy_after"] = c.tokens["ivy_before"]
    return c


def _webhook(c) -> None:
    """A subscription of Acme's and one delivery in its log (never sent: the module's
    transaction never commits)."""
    c.acme_webhook_settings = do_save_webhook_settings(c.alice, allow_private_targets=True)
    c.acme_webhook = do_create_subscription(
        c.alice, url="http://127.0.0.1:9/hook", events=["candidate.created"]
    )
    do_add_candidate(c.alice, name="Wes Park", email="wes@example.com")
    c.acme_delivery = c.acme_webhook.deliveries.get()


def _candidate_with_cv(c) -> Candidate:
    return do_add_candidate(
        c.alice,
        name="Cora Lind",
        email="cora@example.com",
        cv_upload=SimpleUploadedFile("cora.pdf", PDF, content_type="application/pdf"),
        jobs=[c.job],
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The scene and its extensions, built once per module and rolled back at its end."""
    make_cast = inspect.unwrap(cast_module.cast)
    with django_db_blocker.unblock(), transaction.atomic():
        yield _extend(build_scene(make_cast(None)))
        transaction.set_rollback(True)


@pytest.fixture
def visitor(db, world):
    """``visitor(viewer)`` → (web client, API client) for that viewer, in this test's
    savepoint; for "ivy_after" Ivy first submits her scorecard on Dana."""

    def visitor(viewer: str):
        if viewer == "ivy_after":
            do_submit_scorecard(world.ivy, world.dana_r1)
        web = Client(raise_request_exception=False)
        if viewer in world.sessions:
            web.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[viewer]
        headers = {}
        if viewer in world.tokens:
            headers["Authorization"] = f"Bearer {world.tokens[viewer]}"
        return web, Client(raise_request_exception=False, headers=headers)

    return visitor
