"""Interviewers unknown to the organisation join as inactive members who cannot sign in;
known ones are matched by e-mail, whatever its case."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory

from secondround.accounts.actions import do_deactivate_member, do_reactivate_member
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


def test_reactivating_an_imported_interviewer_emails_a_link_to_choose_a_password(
    cast, client, settings, django_capture_on_commit_callbacks
):
    settings.SECONDROUND_BASE_URL = "https://hiring.acme.test"
    do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    zoe = Member.objects.get(user__username="zoe@acme-test.test")
    client.force_login(cast.alice.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/team/members/{zoe.pk}/reactivate/", follow=True)
    assert response.status_code == 200
    assert "we e-mailed them a link" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["zoe@acme-test.test"]]
    link = re.search(r"https://hiring\.acme\.test(/\S+)", mail.outbox[0].body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)  # Django swaps the token for a session key
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    password = "a long enough passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
    assert done.status_code == 302
    zoe.user.refresh_from_db()
    assert zoe.user.check_password(password)
    assert client.login(username="zoe@acme-test.test", password=password)


def test_reactivating_a_member_who_has_a_password_sends_nothing(
    cast, django_capture_on_commit_callbacks
):
    do_deactivate_member(cast.alice, cast.ian)
    with django_capture_on_commit_callbacks(execute=True):
        do_reactivate_member(cast.alice, cast.ian)
    assert mail.outbox == []
