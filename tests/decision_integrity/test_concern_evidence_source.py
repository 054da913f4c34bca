"""Closing a concern says which interview the evidence came from, and refuses one that has
not started: the write function, the application page's close form, the scorecard's
resolve form (which uses the scorecard's own interview) and the API."""

import pytest
from django.urls import reverse

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.concerns.models import Concern, ConcernStatus
from secondround.errors import ActionError
from tests.conftest import interview_has_started, login


@pytest.fixture
def concern(cast, tomorrow):
    """Ivy's blocking doubt on Dana, handed to Ian to probe in round 2 tomorrow."""
    return do_raise_concern(
        cast.ivy,
        cast.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        blocking=True,
        owner=cast.ian,
    )


def test_a_future_interview_is_refused_and_a_started_one_recorded(cast, tomorrow, concern):
    with pytest.raises(ActionError) as refused:
        do_resolve_concern(cast.ian, concern, "resolved", "Ran Kafka at scale", interview=tomorrow)
    assert "has not started yet" in refused.value.message and refused.value.field == "interview"
    assert Concern.objects.get(pk=concern.pk).is_open
    interview_has_started(tomorrow)
    closed = do_resolve_concern(
        cast.ian, concern, "resolved", "Ran Kafka at scale", interview=tomorrow
    )
    assert closed.status == ConcernStatus.RESOLVED and closed.evidence_from == tomorrow


def test_an_interviewer_must_name_the_interview(cast, concern):
    with pytest.raises(ActionError) as refused:
        do_resolve_concern(cast.ian, concern, "resolved", "Ran Kafka at scale")
    assert refused.value.message == "Say which interview the evidence came from."


def test_another_candidates_interview_is_refused(cast, concern):
    with pytest.raises(ActionError, match="not one of this candidate's"):
        do_resolve_concern(cast.ian, concern, "resolved", "x", interview=cast.luis_r1)


def test_the_hiring_team_may_close_with_evidence_from_outside_an_interview(cast, concern):
    closed = do_resolve_concern(cast.harry, concern, "confirmed", "Her reference confirmed it.")
    assert closed.status == ConcernStatus.CONFIRMED and closed.evidence_from is None


def test_the_application_page_asks_which_interview(client, cast, tomorrow, concern):
    login(client, cast.ian)
    page = client.get(f"/applications/{cast.dana_app.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="close-interview-{concern.pk}"' in html and "Where the evidence came from" in html
    url = reverse("close_concern", args=[concern.pk])
    post = {"status": "resolved", "evidence": "Ran Kafka at scale", "interview": tomorrow.pk}
    response = client.post(url, post)
    assert response.status_code == 422  # the page again, the error by the field
    html = response.content.decode()
    assert f'id="close-interview-error-{concern.pk}"' in html
    assert "That interview has not started yet" in html
    assert "Ran Kafka at scale" in html  # what was typed stays
    assert Concern.objects.get(pk=concern.pk).is_open
    interview_has_started(tomorrow)
    response = client.post(url, post, follow=True)
    assert "Concern closed: Depth in streaming pipelines." in response.content.decode()
    assert Concern.objects.get(pk=concern.pk).evidence_from_id == tomorrow.pk


def test_the_scorecard_resolve_path_uses_the_scorecards_own_interview(
    client, cast, tomorrow, concern
):
    login(client, cast.ian)
    url = reverse("scorecard_resolve_concern", args=[tomorrow.pk, concern.pk])
    post = {"status": "resolved", "evidence": "Ran Kafka at scale"}
    early = client.post(url, post)
    assert early.status_code == 422 and "has not started yet" in early.content.decode()
    interview_has_started(tomorrow)
    assert client.post(url, post).status_code == 302
    concern.refresh_from_db()
    assert concern.evidence_from == tomorrow and concern.resolved_in.interview == tomorrow


def test_the_api_takes_the_interview_and_refuses_a_future_one(cast, tomorrow, concern, api):
    path = f"/api/concerns/{concern.pk}/resolve"
    body = {"status": "resolved", "evidence": "Ran Kafka at scale", "interview_id": tomorrow.pk}
    early = api(cast.ian).post(path, body)
    assert early.status_code == 400 and early.json()["field"] == "interview"
    nameless = api(cast.ian).post(path, {"status": "resolved", "evidence": "Ran Kafka"})
    assert nameless.status_code == 400 and "which interview" in nameless.json()["detail"]
    elsewhere = api(cast.ian).post(path, dict(body, interview_id=cast.luis_r1.pk))
    assert elsewhere.status_code == 400 and elsewhere.json()["field"] == "interview_id"
    interview_has_started(tomorrow)
    closed = api(cast.ian).post(path, body)
    assert closed.status_code == 200
    assert closed.json()["evidence_from_interview_id"] == tomorrow.pk
