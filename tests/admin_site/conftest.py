"""The admin site's records: the test cast's loop, plus one of each kept-by-the-app record
(a submitted scorecard, a concern, a decision), and Globex's own job."""

import pytest
from django.test import Client

from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_propose_decision
from secondround.hiring import actions as hiring
from tests.conftest import ANCHORS, fill_scorecard


@pytest.fixture
def records(cast):
    cast.card = fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    cast.concern = do_raise_concern(cast.ivy, cast.dana_app, type="skill_gap", title="Depth")
    cast.decision = do_propose_decision(
        cast.harry, cast.dana_app, outcome="hire", summary="Strong.", rationale={},
        approvers=[cast.vera],
    )  # fmt: skip
    cast.question = hiring.do_save_question(cast.alice, topic="Grit", text="A hard time?")
    cast.other_job = hiring.do_create_job(cast.alice, title="Designer", hiring_manager=cast.harry)
    cast.other_skill = hiring.do_save_competency(
        cast.alice, cast.other_job, name="Taste", anchors=ANCHORS
    )
    cast.other_round = hiring.do_save_round(
        cast.alice, cast.other_job, number=1, name="Portfolio", objectives=[]
    )
    return cast


@pytest.fixture
def admin_client(cast):
    """Alice, an admin of Acme, in the admin (the test client does not check CSRF)."""
    client = Client()
    client.force_login(cast.alice.user)
    return client


def admin_url(model, action="add", pk=None) -> str:
    app = {"member": "accounts", "organisation": "accounts", "concern": "concerns"}.get(model)
    app = app or {"scorecard": "scorecards", "decision": "decisions"}.get(model, "hiring")
    return f"/admin/{app}/{model}/{pk}/{action}/" if pk else f"/admin/{app}/{model}/add/"
