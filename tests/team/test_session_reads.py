"""What every signed-in request reads: its session (from the session cache, written through to
the database) and its user together with the membership (one query). Neither may keep a
signed-in person past the moment their access changes."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secondround.accounts.actions import do_set_roles, end_sessions

pytestmark = pytest.mark.django_db


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    assert client.get("/").status_code == 200  # the session is now in the cache too
    return client


def test_ending_sessions_drops_the_cached_copy(cast):
    # The member stays active, so only the deleted session can sign them out: a copy left in
    # the session cache would keep them in.
    laptop = signed_in(cast.ivy)
    assert Session.objects.count() == 1

    assert end_sessions(cast.ivy.user) == 1

    response = laptop.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert Session.objects.count() == 0


def test_a_session_outlives_its_cached_copy(cast):
    from django.core.cache import caches

    laptop = signed_in(cast.ivy)
    caches["sessions"].clear()
    response = laptop.get("/")
    assert response.status_code == 200
    assert response.context["request"].member == cast.ivy


def test_roles_given_and_taken_away_apply_on_the_next_request(cast):
    ivy = signed_in(cast.ivy)
    assert ivy.get("/team/").status_code == 403

    do_set_roles(cast.alice, cast.ivy, {"interviewer", "admin"})
    assert ivy.get("/team/").status_code == 200

    do_set_roles(cast.alice, cast.ivy, {"interviewer"})
    assert ivy.get("/team/").status_code == 403


def test_user_membership_and_organisation_come_in_one_query(cast):
    ivy = signed_in(cast.ivy)
    with CaptureQueriesContext(connection) as queries:
        assert ivy.get("/healthz").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    users = [s for s in sql if 'FROM "auth_user"' in s]
    assert len(users) == 1
    assert '"accounts_member"' in users[0] and '"accounts_organisation"' in users[0]
    assert not any(s.startswith('SELECT "accounts_member"') for s in sql)
    assert not any('FROM "django_session"' in s for s in sql)  # read from the cache
