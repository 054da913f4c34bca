"""The admin shows portal records read-only, scoped to the organisation, and never a
link's hash."""

import pytest

from secondround.portal.models import PortalLink
from tests.conftest import login


@pytest.mark.parametrize("model", ["portallink", "portaltopic", "portaldocument",
                                   "candidaterequest", "portaloutcome", "organisationvalues",
                                   "memberintro"])  # fmt: skip
def test_portal_lists_open_read_only(client, cast, portal, model):
    response = login(client, cast.alice).get(f"/admin/portal/{model}/")
    assert response.status_code == 200
    assert client.get(f"/admin/portal/{model}/add/").status_code == 403


def test_a_link_is_shown_without_its_hash_and_cannot_be_changed(client, cast, portal):
    url = f"/admin/portal/portallink/{portal.link.pk}/change/"
    response = login(client, cast.alice).get(url)
    assert response.status_code == 200
    assert portal.link.token_hash not in response.content.decode()
    assert client.post(url, {"expires_at": "2099-01-01"}).status_code == 403
    assert PortalLink.objects.get().expires_at == portal.link.expires_at


def test_another_organisations_admin_gets_404(client, cast, portal):
    url = f"/admin/portal/portallink/{portal.link.pk}/change/"
    assert login(client, cast.oscar).get(url).status_code == 404
