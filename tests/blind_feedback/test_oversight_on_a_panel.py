"""An admin or recruiter on a candidate's panel who has not submitted gets none of that
candidate's calibrated figures: not from the API, not from the admin site."""

import json

import pytest
from django.test import Client

from secondround.accounts.actions import do_create_api_token
from secondround.decisions.actions import do_propose_decision
from tests.blind_feedback.conftest import put_on_dana_panel, submit_round2
from tests.conftest import add_member


def latest(member) -> tuple[int, dict]:
    token = do_create_api_token(None, member, "tests")[1]
    response = Client().get("/api/calibration/latest", headers={"Authorization": f"Bearer {token}"})
    return response.status_code, (json.loads(response.content) if response.content else {})


def job_candidates(body, cast) -> set[str]:
    return {
        row["candidate"] for row in body["result"]["candidates"] if row["job"] == str(cast.job.pk)
    }


@pytest.fixture(params=["admin", "recruiter"])
def overseer(request, calibrated):
    cast = calibrated
    if request.param == "admin":
        return cast.alice
    return add_member(cast.acme, "rita", "recruiter")


def test_api_leaves_out_the_job_while_an_overseer_owes_a_scorecard(calibrated, overseer):
    cast = calibrated
    status, body = latest(overseer)
    assert status == 200
    assert job_candidates(body, cast) == {str(cast.dana_app.pk), str(cast.luis_app.pk)}

    put_on_dana_panel(cast, overseer)
    status, body = latest(overseer)
    assert status == 200
    assert job_candidates(body, cast) == set()
    assert str(cast.job.pk) not in body["result"]["reliability"]
    assert body["result"]["interviewers"]  # the interviewers' figures are the report's

    submit_round2(cast, overseer)
    status, body = latest(overseer)
    assert job_candidates(body, cast) == {str(cast.dana_app.pk), str(cast.luis_app.pk)}


def test_admin_site_never_shows_snapshot_figures(calibrated, client):
    cast = calibrated
    put_on_dana_panel(cast, cast.alice)
    client.force_login(cast.alice.user)
    response = client.get(f"/admin/calibration/calibrationsnapshot/{cast.snapshot.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "p_best" not in page and "raw_mean" not in page and "severity" not in page


def test_admin_site_never_shows_scores_at_decision(calibrated, client):
    cast = calibrated
    decision = do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong on problem solving",
        rationale={},
        approvers=[cast.vera],
    )
    assert decision.scores_at_decision  # the figures are stored ...
    put_on_dana_panel(cast, cast.alice)
    client.force_login(cast.alice.user)
    response = client.get(f"/admin/decisions/decision/{decision.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    # ... but the admin site does not show them to anyone.
    assert "p_best" not in page and "Scores at decision" not in page
