"""403, 404 and 500 pages use the app's layout and say where to go, in the demo too."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.conftest import login

FAVICON_LINK = 'rel="icon" href="/static/web/favicon.svg"'


@pytest.mark.parametrize("debug", [True, False], ids=["demo (DEBUG on)", "production"])
@pytest.mark.parametrize("path", ["/no-such-page/", "/applications/999999/"])
def test_not_found_is_a_friendly_page_in_the_layout(cast, client, settings, debug, path):
    settings.DEBUG = debug
    response = login(client, cast.harry).get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert f'href="{reverse("home")}"' in html and "Go to your home page" in html
    assert "Harry · Acme Test" in html  # the app's own header, signed in
    assert FAVICON_LINK in html
    assert "NONE,NOARCHIVE" not in html and "Traceback" not in html


def test_not_found_offers_sign_in_to_a_visitor(db, settings):
    settings.DEBUG = True
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert f'href="{reverse("login")}"' in response.content.decode()


def test_a_developer_can_keep_djangos_technical_page(cast, client, settings):
    settings.DEBUG = True
    settings.FRIENDLY_404_IN_DEBUG = False
    response = login(client, cast.harry).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" not in response.content.decode()


@pytest.mark.parametrize("debug", [True, False], ids=["demo (DEBUG on)", "production"])
def test_forbidden_says_why_and_where_to_go(cast, client, settings, debug):
    settings.DEBUG = debug
    response = login(client, cast.ivy).get(reverse("propose_decision", args=[cast.dana_app.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to you" in html
    assert "Only the job&#x27;s hiring manager or an admin proposes a decision." in html
    assert "Go to your home page" in html and "Ivy · Acme Test" in html


def test_server_error_page_needs_no_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and FAVICON_LINK in html


def test_the_favicon_is_an_svg_in_static(cast, client):
    path = finders.find("web/favicon.svg")
    assert path is not None
    with open(path) as svg:
        assert svg.read().startswith("<svg")
    response = login(client, cast.ivy).get(reverse("home"))
    assert response.status_code == 200
    assert FAVICON_LINK in response.content.decode()
