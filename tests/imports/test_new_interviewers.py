"""Interviewers unknown to the organisation join as inactive members who cannot sign in;
known ones are matched by e-mail, whatever its case."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from secondround.accounts.models import Member
from secondround.imports.actions import do_import_ratings
from secondround.scorecards.models import Scorecard
from tests.imports.conftest import GOOD_RATINGS, ratings_csv

pytestmark = pytest.mark.django_db


def test_unknown_interviewer_becomes_an_inactive_member_without_a_password(cast, client):
    do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    zoe = Member.objects.select_related("user").get(user__username="zoe@acme-test.test")
    assert zoe.organisation == cast.acme
    assert zoe.roles == {"interviewer"}
    assert not zoe.active and not zoe.user.is_active
    assert not zoe.user.has_usable_password()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="zoe@acme-test.test", password="") is None
    response = client.post("/accounts/login/", {"username": "zoe@acme-test.test", "password": ""})
    assert response.status_code == 200  # the form again, not a redirect into the app
    assert "_auth_user_id" not in client.session
    assert Scorecard.objects.filter(author=zoe).count() == 2


def test_known_interviewer_is_matched_by_email_in_any_case(cast):
    rows = [(*r[:2], r[2].upper(), *r[3:]) for r in GOOD_RATINGS[:2]]
    counts = do_import_ratings(cast.alice, cast.acme, ratings_csv(rows))
    assert counts["new_interviewers"] == 0
    assert Scorecard.objects.filter(author=cast.ivy, interview__recorded_after=True).count() == 1
    assert Member.objects.filter(organisation=cast.acme).count() == 7


def test_an_imported_member_is_listed_as_deactivated_on_the_team_page(cast, client):
    do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    client.force_login(cast.alice.user)
    response = client.get("/team/")
    assert response.status_code == 200
    assert "zoe" in response.content.decode()
