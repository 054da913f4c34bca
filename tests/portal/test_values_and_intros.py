"""The organisation's values page (admins and recruiters edit it) and members' public
introductions (each member writes their own), as candidates read them."""

import pytest

from secondround.portal.models import MemberIntro, OrganisationValues
from tests.conftest import login

EDITORS = {"alice": 200, "harry": 403, "ivy": 403, "vera": 403, "oscar": 200}


@pytest.mark.parametrize(("who", "status"), EDITORS.items())
def test_who_may_edit_the_values_page(client, cast, who, status):
    response = login(client, getattr(cast, who)).get("/portal/values/")
    assert response.status_code == status


def test_the_values_editor_saves_and_the_candidate_reads_it(client, cast, portal):
    login(client, cast.alice)
    response = client.post("/portal/values/", {"text": "We ship small and often."})
    assert response.status_code == 302
    assert OrganisationValues.objects.get(organisation=cast.acme).text == "We ship small and often."
    again = client.get("/portal/values/")
    assert again.status_code == 200 and "We ship small and often." in again.content.decode()
    client.logout()
    page = client.get(f"{portal.url}values/")
    assert page.status_code == 200 and "We ship small and often." in page.content.decode()


def test_another_organisations_values_never_reach_the_candidate(client, cast, portal):
    login(client, cast.oscar).post("/portal/values/", {"text": "Globex values"})
    client.logout()
    page = client.get(f"{portal.url}values/")
    assert page.status_code == 200 and "Globex values" not in page.content.decode()


def test_an_empty_values_page_is_refused(client, cast):
    response = login(client, cast.alice).post("/portal/values/", {"text": ""})
    assert response.status_code == 422
    assert not OrganisationValues.objects.exists()


def test_a_member_writes_their_introduction_and_the_candidate_reads_it(client, cast, portal):
    login(client, cast.ian)
    response = client.post("/me/introduction/", {"text": "I lead the data team."})
    assert response.status_code == 302
    assert MemberIntro.objects.get(member=cast.ian).text == "I lead the data team."
    client.logout()
    home = client.get(portal.url)
    assert home.status_code == 200 and "I lead the data team." in home.content.decode()


def test_an_introduction_with_an_email_address_is_refused(client, cast):
    response = login(client, cast.ivy).post("/me/introduction/", {"text": "Write to ivy@x.io"})
    assert response.status_code == 422
    assert "Leave out e-mail addresses" in response.content.decode()
    assert not MemberIntro.objects.exists()


def test_clearing_the_introduction_removes_it(client, cast):
    login(client, cast.ivy).post("/me/introduction/", {"text": "Hello"})
    client.post("/me/introduction/", {"text": ""})
    assert not MemberIntro.objects.exists()
