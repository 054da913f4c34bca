"""A deactivated member's old session gets what an anonymous visitor gets (on signed-in
pages, the login page), never a server error, on every page that takes no argument."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secondround.accounts.actions import do_deactivate_member
from secondround.accounts.models import Member


def routes_without_arguments(patterns=None, namespace=""):
    """Every named URL of the project that needs no argument, as reverse() names."""
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.pattern.regex.groups:
                continue
            names += routes_without_arguments(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            names.append(namespace + entry.name)
    return sorted(set(names))


ROUTES = routes_without_arguments()


def test_the_walk_finds_the_pages_that_used_to_fail():
    assert {"jobs", "approvals", "job_new", "home", "team", "candidates"} <= set(ROUTES)


def deactivate_properly(cast):
    do_deactivate_member(cast.alice, cast.harry)


def untick_active(cast):
    # As the admin site's "active" tick box does: no session is ended, no user flag set. The
    # middleware must still sign them out.
    Member.objects.filter(pk=cast.harry.pk).update(active=False)


@pytest.mark.django_db
@pytest.mark.parametrize("how", [deactivate_properly, untick_active], ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", ROUTES)
def test_an_old_session_is_treated_as_signed_out(cast, name, how):
    session = Client(raise_request_exception=False)
    session.force_login(cast.harry.user)
    url = reverse(name)
    how(cast)

    response = session.get(url)
    anonymous = Client(raise_request_exception=False).get(url)

    assert response.status_code < 500, f"{url} answered {response.status_code}"
    assert response.status_code == anonymous.status_code, url
    assert response.get("Location") == anonymous.get("Location"), url


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/jobs/", "/approvals/", "/jobs/new/", "/team/"])
def test_the_pages_that_failed_send_them_to_the_login_page(cast, path):
    session = Client()
    session.force_login(cast.harry.user)
    untick_active(cast)
    response = session.get(path)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"
    # And the session is over: signing out happened, not just one redirect.
    assert "_auth_user_id" not in session.session
