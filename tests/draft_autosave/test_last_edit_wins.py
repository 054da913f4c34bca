"""Autosaves can reach the server out of order; the newest edit stands (draft_version)."""

import pytest
from django.test import Client
from django.urls import reverse

from secondround.scorecards.actions import RatingInput, StaleDraft, do_save_draft
from secondround.scorecards.models import Scorecard


def post_draft(client, cast, *, version, recommendation, notes):
    data = {"recommendation": recommendation, "notes": notes}
    if version is not None:
        data["draft_version"] = str(version)
    return client.post(reverse("scorecard_draft", args=[cast.dana_r1.pk]), data)


@pytest.fixture
def ivy(cast):
    client = Client()
    client.force_login(cast.ivy.user)
    return client


def stored(cast):
    return Scorecard.objects.get(author=cast.ivy, interview=cast.dana_r1)


def test_an_older_autosave_arriving_late_leaves_the_newer_one(cast, ivy):
    newer = post_draft(ivy, cast, version=2000, recommendation="strong_yes", notes="typed last")
    assert newer.status_code == 200 and newer.content.decode().startswith("Saved ")
    older = post_draft(ivy, cast, version=1000, recommendation="no", notes="typed first")
    assert older.status_code == 409
    assert "A newer edit of this draft is already saved." in older.content.decode()
    card = stored(cast)
    assert (card.recommendation, card.notes, card.draft_version) == (
        "strong_yes",
        "typed last",
        2000,
    )


def test_a_newer_autosave_replaces_the_draft(cast, ivy):
    assert post_draft(ivy, cast, version=1000, recommendation="no", notes="a").status_code == 200
    assert post_draft(ivy, cast, version=1001, recommendation="yes", notes="b").status_code == 200
    card = stored(cast)
    assert (card.recommendation, card.notes, card.draft_version) == ("yes", "b", 1001)


def test_a_save_without_a_number_always_applies(cast, ivy):
    """A browser without the script (or a submit) posts no number: it is the latest intent."""
    post_draft(ivy, cast, version=5000, recommendation="no", notes="scripted")
    response = post_draft(ivy, cast, version=None, recommendation="yes", notes="plain post")
    assert response.status_code == 200
    card = stored(cast)
    assert (card.recommendation, card.notes, card.draft_version) == ("yes", "plain post", 5000)


def test_the_scorecard_page_gives_the_script_the_stored_number(cast, ivy):
    post_draft(ivy, cast, version=4242, recommendation="yes", notes="x")
    response = ivy.get(reverse("scorecard", args=[cast.dana_r1.pk]))
    assert response.status_code == 200
    assert 'data-draft-version="4242"' in response.content.decode()


def test_the_write_function_refuses_a_stale_save_and_keeps_the_newer(cast):
    ratings = [RatingInput(cast.problem.pk, 4, "newer evidence")]
    do_save_draft(cast.ivy, cast.dana_r1, ratings, recommendation="yes", draft_version=7)
    with pytest.raises(StaleDraft) as refused:
        do_save_draft(
            cast.ivy,
            cast.dana_r1,
            [RatingInput(cast.problem.pk, 1, "older evidence")],
            recommendation="no",
            draft_version=6,
        )
    assert refused.value.field == "draft_version"
    with pytest.raises(StaleDraft):  # the same number again is not newer either
        do_save_draft(cast.ivy, cast.dana_r1, ratings, recommendation="no", draft_version=7)
    card = stored(cast)
    rating = card.ratings.get(competency=cast.problem)
    assert (card.recommendation, rating.value, rating.evidence) == ("yes", 4, "newer evidence")
