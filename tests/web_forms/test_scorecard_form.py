"""The scorecard form: the write function's refusals sit by the competency, the
recommendation or the reason they concern, and what was typed is kept."""

from django.urls import reverse

from secondround.scorecards.models import Scorecard
from tests.conftest import fill_scorecard, login
from tests.web_interviewer.test_scorecard import form_data


def test_an_off_scale_rating_is_refused_on_its_competency_and_the_rest_is_kept(client, cast):
    data = form_data(cast, problem="9", evidence="Typed evidence")
    response = login(client, cast.ivy).post(
        reverse("scorecard_submit", args=[cast.dana_r1.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 422
    error = html.index(f'id="competency-{cast.problem.pk}-error"')
    assert "Problem solving: choose a rating from 1 to 4." in html[error : error + 120]
    assert f'name="rating_{cast.collab.pk}" value="3" checked' in html
    assert "Typed evidence</textarea>" in html and "Good conversation</textarea>" in html
    assert 'name="recommendation" value="yes" checked' in html
    assert not Scorecard.objects.filter(status="submitted").exists()


def test_the_autosave_says_why_a_draft_was_not_saved(client, cast):
    data = form_data(cast, problem="three")
    response = login(client, cast.ivy).post(
        reverse("scorecard_draft", args=[cast.dana_r1.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Not saved: Problem solving: choose a rating from the scale." in (
        response.content.decode()
    )
    assert not Scorecard.objects.exists()


def test_an_unknown_recommendation_is_refused_next_to_the_recommendation(client, cast):
    data = form_data(cast, recommendation="maybe")
    response = login(client, cast.ivy).post(
        reverse("scorecard_submit", args=[cast.dana_r1.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="recommendation-error">Choose a recommendation from the list.' in html
    assert f'name="rating_{cast.problem.pk}" value="3" checked' in html


def test_an_edit_without_a_reason_keeps_the_new_ratings_and_says_why_by_the_reason(client, cast):
    card = fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    url = reverse("scorecard_edit", args=[card.pk])
    response = login(client, cast.ivy).post(url, form_data(cast, problem="2", evidence="Newer"))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="reason-error" role="alert">Say why you are changing a submitted scorecard.' in html
    assert f'name="rating_{cast.problem.pk}" value="2" checked' in html
    assert "Newer</textarea>" in html
    card.refresh_from_db()
    assert card.version == 1
