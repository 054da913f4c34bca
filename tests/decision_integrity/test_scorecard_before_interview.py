"""A scorecard can be drafted before its interview, but submitted only from the interview's
start time: through the write function, the scorecard page and the API."""

import pytest
from django.urls import reverse

from secondround.errors import ActionError
from secondround.scorecards.actions import do_submit_scorecard
from secondround.scorecards.models import Scorecard, ScorecardStatus
from tests.conftest import fill_scorecard, interview_has_started, login


def test_early_submission_is_refused_then_allowed_at_the_start_time(cast, tomorrow):
    draft = fill_scorecard(cast.ivy, tomorrow, submit=False)
    assert draft.status == ScorecardStatus.DRAFT  # drafting ahead is fine
    with pytest.raises(ActionError) as refused:
        do_submit_scorecard(cast.ivy, tomorrow)
    assert "has not started yet" in refused.value.message
    assert refused.value.field == "status"
    assert Scorecard.objects.get(pk=draft.pk).status == ScorecardStatus.DRAFT
    interview_has_started(tomorrow)
    assert do_submit_scorecard(cast.ivy, tomorrow).status == ScorecardStatus.SUBMITTED


def test_an_interview_recorded_after_the_fact_submits_at_once(cast):
    # The cast's round 1 took place last week: nothing to wait for.
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    assert card.status == ScorecardStatus.SUBMITTED


def test_the_scorecard_page_says_when_and_refuses_early(client, cast, tomorrow):
    login(client, cast.ivy)
    url = reverse("scorecard", args=[tomorrow.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="not-yet"' in html and "You can submit from" in html
    competencies = list(tomorrow.round.focus_competencies.all())
    post = {"recommendation": "yes"}
    for c in competencies:
        post[f"rating_{c.pk}"] = "3"
        post[f"evidence_{c.pk}"] = "Notes before the interview"
    response = client.post(reverse("scorecard_submit", args=[tomorrow.pk]), post)
    assert response.status_code == 422
    assert "This interview has not started yet" in response.content.decode()
    card = Scorecard.objects.get(interview=tomorrow, author=cast.ivy)
    assert card.status == ScorecardStatus.DRAFT and card.recommendation == "yes"  # kept

    interview_has_started(tomorrow)
    assert 'id="not-yet"' not in client.get(url).content.decode()
    response = client.post(reverse("scorecard_submit", args=[tomorrow.pk]), post)
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED


def test_the_api_refuses_early_with_400_then_submits(cast, tomorrow, api):
    fill_scorecard(cast.ivy, tomorrow, submit=False)
    path = f"/api/interviews/{tomorrow.pk}/scorecard/submit"
    early = api(cast.ivy).post(path)
    assert early.status_code == 400
    assert early.json()["field"] == "status" and "not started" in early.json()["detail"]
    interview_has_started(tomorrow)
    on_time = api(cast.ivy).post(path)
    assert on_time.status_code == 200 and on_time.json()["status"] == "submitted"
