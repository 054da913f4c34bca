"""The recruiter sends the link from the candidate's portal page (e-mail, in the background)
or copies it: only a hash is stored, so the link appears on screen this once."""

import re

import pytest

from secondround.portal.models import PortalLink
from tests.conftest import login

PAGE_ACCESS = {"alice": 200, "harry": 200, "ivy": 403, "nora": 404, "vera": 404, "oscar": 404}


@pytest.mark.parametrize(("who", "status"), PAGE_ACCESS.items())
def test_who_may_open_the_candidates_portal_page(client, cast, who, status):
    response = login(client, getattr(cast, who)).get(f"/candidates/{cast.dana.pk}/portal/")
    assert response.status_code == status


def test_send_by_email(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    login(client, cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/candidates/{cast.dana.pk}/portal/send/")
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["dana@example.com"]
    url = re.search(r"https?://[^/\s]+(/p/[^/\s]+/)", mailoutbox[0].body).group(1)
    client.logout()
    home = client.get(url)
    assert home.status_code == 200 and "Hi Dana" in home.content.decode()
    page = login(client, cast.alice).get(f"/candidates/{cast.dana.pk}/portal/")
    assert page.status_code == 200
    assert "A link is live until" in page.content.decode()
    assert url not in page.content.decode()  # the token is never shown again


def test_copy_once(client, cast):
    login(client, cast.harry)
    response = client.post(f"/candidates/{cast.dana.pk}/portal/copy/")
    assert response.status_code == 200
    url = re.search(r'value="https?://[^/"]+(/p/[^"]+/)"', response.content.decode()).group(1)
    assert "shown only this once" in response.content.decode()
    later = client.get(f"/candidates/{cast.dana.pk}/portal/")
    assert later.status_code == 200 and url not in later.content.decode()
    client.logout()
    assert client.get(url).status_code == 200


def test_the_application_page_leads_to_the_portal(client, cast):
    page = login(client, cast.alice).get(f"/applications/{cast.dana_app.pk}/")
    assert page.status_code == 200
    assert f"/candidates/{cast.dana.pk}/portal/" in page.content.decode()


def test_turning_the_link_off(client, cast, portal):
    response = login(client, cast.alice).post(f"/candidates/{cast.dana.pk}/portal/revoke/")
    assert response.status_code == 302
    assert not PortalLink.objects.live().exists()
    client.logout()
    assert client.get(portal.url).status_code == 404


@pytest.mark.parametrize(("who", "shown"), [("alice", True), ("harry", True), ("ivy", False)])
def test_the_candidates_page_offers_to_send_the_link(client, cast, portal, who, shown):
    page = login(client, getattr(cast, who)).get(f"/candidates/{cast.dana.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (f"/candidates/{cast.dana.pk}/portal/send/" in html) is shown
    assert ("A private link is live until" in html) is shown
