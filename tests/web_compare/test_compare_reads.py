"""What the comparison reads, and what it records, now that the htmx toggle reads less than
the page and the scorecards come with their ratings in one read (issue #12)."""

from secondround.scorecards.models import FeedbackView, Rating
from tests.conftest import fill_scorecard
from tests.web_compare.conftest import login


def compare(client, member, c, htmx=False, **params):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return login(client, member).get(f"/jobs/{c.job.pk}/compare/", params, **headers)


def test_the_toggle_alone_records_the_first_view_of_the_ratings_it_shows(loop, snapshot, client):
    fill_scorecard(loop.ivy, loop.dana_r1, value=2)
    assert not FeedbackView.objects.filter(member=loop.harry).exists()
    response = compare(client, loop.harry, loop, htmx=True, view="raw")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="compare-fragment"') and "2.0" in body
    seen = set(
        FeedbackView.objects.filter(member=loop.harry).values_list("application_id", flat=True)
    )
    assert loop.dana_app.pk in seen


def test_the_toggle_shows_the_same_chart_section_as_the_page(loop, snapshot, client):
    fill_scorecard(loop.ivy, loop.dana_r1, value=2)
    for view in ("raw", "calibrated"):
        page = compare(client, loop.harry, loop, view=view)
        fragment = compare(client, loop.harry, loop, htmx=True, view=view)
        assert page.status_code == fragment.status_code == 200
        section = fragment.content.decode().strip()
        assert section.endswith("</section>")
        assert section in page.content.decode()


def test_a_card_without_a_rating_counts_in_the_tally_and_shows_no_note(loop, snapshot, client):
    card = fill_scorecard(loop.ivy, loop.dana_r1, value=2, recommendation="strong_yes")
    fill_scorecard(loop.ian, loop.dana_r1, value=3, recommendation="no")
    Rating.objects.filter(scorecard=card).update(value=None)  # a card with nothing rated
    response = compare(client, loop.harry, loop)
    assert response.status_code == 200
    body = response.content.decode()
    facts = body.split(f'id="facts-{loop.dana_app.pk}"')[1].split("</div>")[0]
    assert "Strong yes: 1" in facts and "No: 1" in facts and "(2 scorecards)" in facts
    assert "Ivy saw" not in body and "Ian saw Problem solving at 3" in body
