"""While a reader owes a scorecard on Dana, no calibrated figure of Dana's job is shown to
them: not Dana's, and not the other candidates' (their P(best) gives Dana's away)."""

import pytest
from django.urls import reverse

from secondround.decisions.actions import do_propose_decision
from tests.blind_feedback.conftest import put_on_dana_panel, submit_round2

FIGURE = "chance of being the strongest candidate"


def propose_page(client, cast, app):
    return client.get(reverse("propose_decision", args=[app.pk]))


@pytest.fixture(params=["alice", "harry"])
def reader(request, calibrated):
    return getattr(calibrated, request.param)


def test_decision_pages_of_other_candidates_hide_the_jobs_figures(calibrated, reader, client):
    cast = calibrated
    client.force_login(reader.user)
    response = propose_page(client, cast, cast.luis_app)
    assert response.status_code == 200
    assert FIGURE in response.content.decode()

    put_on_dana_panel(cast, reader)  # blind on Dana, so on the whole job
    for app in (cast.luis_app, cast.dana_app):
        response = propose_page(client, cast, app)
        assert response.status_code == 200
        assert FIGURE not in response.content.decode()
        assert "you still owe a scorecard on one of its candidates" in response.content.decode()
    assert client.get(reverse("compare", args=[cast.job.pk])).status_code == 403

    submit_round2(cast, reader)
    response = propose_page(client, cast, cast.luis_app)
    assert FIGURE in response.content.decode()
    assert client.get(reverse("compare", args=[cast.job.pk])).status_code == 200


def test_decision_record_of_another_candidate_hides_scores(calibrated, client):
    cast = calibrated
    decision = do_propose_decision(
        cast.alice,
        cast.luis_app,
        outcome="no_hire",
        summary="Not this time",
        rationale={},
        approvers=[cast.vera],
    )
    client.force_login(cast.harry.user)
    record = reverse("decision_record", args=[decision.pk])
    response = client.get(record)
    assert response.status_code == 200
    assert FIGURE in response.content.decode()
    put_on_dana_panel(cast, cast.harry)
    response = client.get(record)
    assert response.status_code == 200
    assert FIGURE not in response.content.decode()


def test_the_interviewer_report_stays_open_to_a_blind_admin(calibrated, client):
    cast = calibrated
    put_on_dana_panel(cast, cast.alice)
    client.force_login(cast.alice.user)
    response = client.get(reverse("calibration_report"))
    assert response.status_code == 200
    assert "Ivy" in response.content.decode()
