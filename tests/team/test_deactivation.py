"""Deactivating a member ends their sessions and API tokens at once, and keeps their
scorecards, which still count in calibration."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from secondround.accounts.actions import do_create_api_token, do_deactivate_member
from secondround.accounts.models import ApiToken
from secondround.audit.models import AuditEvent
from secondround.calibration.inputs import rating_rows
from secondround.scorecards.models import Scorecard
from tests.conftest import fill_scorecard

pytestmark = pytest.mark.django_db


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    assert client.get("/").status_code == 200
    return client


def test_sessions_end_and_tokens_are_revoked_at_once(cast):
    laptop, phone = signed_in(cast.ivy), signed_in(cast.ivy)
    alices = signed_in(cast.alice)
    _, raw = do_create_api_token(None, cast.ivy, "script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/me", **auth).status_code == 200
    assert Session.objects.count() == 3

    do_deactivate_member(cast.alice, cast.ivy)

    assert Session.objects.count() == 1  # only alice's is left
    for client in (laptop, phone):
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert alices.get("/").status_code == 200
    assert Client().get("/api/me", **auth).status_code == 401
    assert not ApiToken.objects.filter(member=cast.ivy, revoked=False).exists()
    # They can no longer sign in either.
    assert not Client().login(username=cast.ivy.email, password="pw")

    event = AuditEvent.objects.get(action="member.deactivated", target_id=cast.ivy.pk)
    assert event.actor == cast.alice
    assert event.data["sessions_ended"] == 2 and len(event.data["tokens_revoked"]) == 1


def test_scorecards_stay_and_still_count_in_calibration(cast):
    fill_scorecard(cast.ivy, cast.dana_r1, value=4)
    fill_scorecard(cast.ian, cast.dana_r1, value=2)
    before = rating_rows(cast.acme.pk)
    assert {row[2] for row in before} == {str(cast.ivy.pk), str(cast.ian.pk)}

    do_deactivate_member(cast.alice, cast.ivy)

    assert Scorecard.objects.filter(author=cast.ivy, status="submitted").count() == 1
    assert rating_rows(cast.acme.pk) == before
