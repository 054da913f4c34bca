"""A concern raised from a draft stays with its author until that scorecard is submitted;
then co-panelists of the same round who still owe their own do not see it; a concern from an
earlier, finished round stays visible. The kit, the application page and the API agree,
because they all read through ConcernQuerySet.visible_to."""

import pytest
from django.urls import reverse

from secondround.accounts.actions import do_create_api_token
from secondround.concerns.actions import do_raise_concern
from secondround.concerns.models import Concern
from secondround.errors import NotAllowed
from secondround.scorecards.actions import RatingInput, do_save_draft
from tests.blind_feedback.conftest import put_on_dana_panel
from tests.conftest import fill_scorecard

TITLE = "Would rate system design a 1"


def raise_from_draft(cast):
    draft = do_save_draft(cast.ivy, cast.dana_r1, [RatingInput(cast.problem.pk, 1, "")])
    return do_raise_concern(
        cast.ivy,
        cast.dana_app,
        type="skill_gap",
        title=TITLE,
        details="Could not sketch a queue",
        scorecard=draft,
    )


def shown_anywhere(client, cast, member) -> bool:
    """Whether the concern shows on the kit, the application page or the API, checking the
    three agree."""
    client.force_login(member.user)
    places = []
    if cast.dana_r1.interviewers.filter(pk=member.pk).exists():
        kit = client.get(reverse("interview_kit", args=[cast.dana_r1.pk]))
        assert kit.status_code == 200
        places.append(TITLE in kit.content.decode())
    page = client.get(reverse("application", args=[cast.dana_app.pk]))
    assert page.status_code == 200
    places.append(TITLE in page.content.decode())
    token = do_create_api_token(None, member, "tests")[1]
    api = client.get(
        f"/api/applications/{cast.dana_app.pk}", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 200
    places.append(TITLE in api.content.decode())
    assert len(set(places)) == 1, places
    return places[0]


def sees(member, concern) -> bool:
    in_queryset = Concern.objects.visible_to(member).filter(pk=concern.pk).exists()
    perm = member.user.has_perm("concerns.view_concern", Concern.objects.get(pk=concern.pk))
    assert perm is in_queryset
    return in_queryset


@pytest.mark.parametrize("reader", ["ian", "alice", "harry"])
def test_a_draft_concern_stays_with_its_author(cast, client, reader):
    concern = raise_from_draft(cast)
    assert sees(cast.ivy, concern)
    member = getattr(cast, reader)
    assert not sees(member, concern)
    assert not shown_anywhere(client, cast, member)


def test_after_submitting_it_is_hidden_from_co_panelists_who_owe_theirs(cast, client):
    concern = raise_from_draft(cast)
    fill_scorecard(cast.ivy, cast.dana_r1)
    assert sees(cast.alice, concern) and shown_anywhere(client, cast, cast.alice)
    assert not sees(cast.ian, concern)
    assert not shown_anywhere(client, cast, cast.ian)
    fill_scorecard(cast.ian, cast.dana_r1)
    assert sees(cast.ian, concern) and shown_anywhere(client, cast, cast.ian)


def test_a_concern_from_an_earlier_finished_round_stays_visible(cast, client):
    concern = raise_from_draft(cast)
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    put_on_dana_panel(cast, cast.nora, cast.ian)  # round 2: both owe a scorecard now
    assert sees(cast.nora, concern)
    assert sees(cast.ian, concern)


@pytest.mark.parametrize("whose", ["ians_card", "ivys_card_on_luis"])
def test_a_concern_is_raised_only_from_the_raisers_own_card_on_that_candidate(cast, whose):
    """The card a concern comes from decides who is blind to it: a colleague's card, or one on
    another candidate, would put the concern in the wrong round or hide it from the wrong
    people."""
    card = {
        "ians_card": lambda: do_save_draft(cast.ian, cast.dana_r1, []),
        "ivys_card_on_luis": lambda: do_save_draft(cast.ivy, cast.luis_r1, []),
    }[whose]()
    with pytest.raises(NotAllowed, match="your own scorecard on this candidate"):
        do_raise_concern(cast.ivy, cast.dana_app, type="skill_gap", title=TITLE, scorecard=card)
    assert not Concern.objects.filter(title=TITLE).exists()
