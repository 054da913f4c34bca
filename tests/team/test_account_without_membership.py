"""A signed-in account that belongs to no organisation (a Django superuser set up for
support) gets a plain 403 on the app's pages, never a server error, and still reaches the
admin site and can sign out."""

import pytest
from django.contrib.auth import get_user_model

from tests.team.test_deactivated_session import ROUTES


@pytest.fixture
def support(client, db):
    user = get_user_model().objects.create_superuser("root@example.com", "root@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["home", "jobs", "job_new", "approvals", "candidates", "team"])
def test_member_pages_refuse_plainly(support, name):
    from django.urls import reverse

    response = support.get(reverse(name))
    assert response.status_code == 403
    assert b"not a member of any organisation" in response.content


def test_no_page_without_arguments_fails(support):
    from django.urls import reverse

    for name in ROUTES:
        assert support.get(reverse(name)).status_code < 500, name


def test_the_admin_site_and_sign_out_still_work(support):
    assert support.get("/admin/").status_code == 200
    assert support.post("/accounts/logout/").status_code == 302
