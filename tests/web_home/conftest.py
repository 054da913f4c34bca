from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from secondround.calibration.actions import do_refresh_calibration
from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_give_verdict, do_propose_decision
from secondround.hiring import actions as hiring
from secondround.hiring.models import Interview
from tests.conftest import add_member, fill_scorecard


@pytest.fixture
def as_member():
    def login(member):
        client = Client()
        client.force_login(member.user)
        return client

    return login


@pytest.fixture
def busy(cast):
    """The cast's loop with something waiting for every role.

    - Round 1 ended five days ago: Ivy submitted Dana's scorecard, Ian owes both of his.
    - A calibration ran, then Ivy submitted Luis's scorecard: the run is out of date.
    - Harry owns a concern on Luis; a concern on Dana has no owner.
    - Ana and Ben are finalists, ready to compare; Tom is in round 2 with no interview.
    - Vera must rule on Mei's hire; Victor rejected Sam's, which Harry must revise.
    - Adam is only an admin, Rita only a recruiter.
    """
    start = timezone.now() - timedelta(days=5)
    Interview.objects.filter(round=cast.round1).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    fill_scorecard(cast.ivy, cast.dana_r1)
    do_refresh_calibration(cast.acme.pk)
    fill_scorecard(cast.ivy, cast.luis_r1)
    do_raise_concern(
        cast.ivy, cast.luis_app, type="skill_gap", title="Ownership of incidents", owner=cast.harry
    )
    do_raise_concern(cast.ian, cast.dana_app, type="other", title="Notice period unclear")
    apps = {}
    for name, stage in [
        ("Mei Chen", "finalist"),
        ("Sam Park", "finalist"),
        ("Ana Ruiz", "finalist"),
        ("Ben Ode", "finalist"),
        ("Tom Berg", "round_2"),
    ]:
        person = hiring.do_add_candidate(cast.alice, name=name, email=f"{name[:3]}@example.com")
        apps[name] = hiring.do_apply(cast.alice, person, cast.job, stage=stage)
    cast.mei_decision = do_propose_decision(
        cast.harry,
        apps["Mei Chen"],
        outcome="hire",
        summary="Strongest of the finalists",
        rationale={},
        approvers=[cast.vera],
    )
    cast.sam_decision = do_propose_decision(
        cast.harry,
        apps["Sam Park"],
        outcome="hire",
        summary="Close second",
        rationale={},
        approvers=[cast.victor],
    )
    do_give_verdict(cast.victor, cast.sam_decision, "rejected", "Not enough evidence yet")
    cast.apps = apps
    cast.adam = add_member(cast.acme, "adam", "admin")
    cast.rita = add_member(cast.acme, "rita", "recruiter")
    return cast


def section(html: str, heading_id: str) -> str:
    """The HTML of the home page's section whose heading has this id ('' if absent)."""
    if f'id="{heading_id}"' not in html:
        return ""
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]
