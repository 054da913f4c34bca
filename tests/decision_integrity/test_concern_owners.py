"""Giving a concern an owner, or a new one: the hiring team (admins, recruiters, the job's
hiring manager) and the concern's raiser may; the owner list offers the job's panel first."""

import pytest
from django.urls import reverse

from secondround.concerns.actions import do_assign_concern, do_raise_concern, do_resolve_concern
from secondround.concerns.models import Concern
from secondround.errors import ActionError, NotAllowed
from tests.conftest import add_member, login


@pytest.fixture
def unowned(cast):
    """Raised by Ivy with "let the hiring team decide": nobody owns it yet."""
    return do_raise_concern(
        cast.ivy, cast.dana_app, type="motivation", title="Why she left after a year"
    )


@pytest.fixture
def rita(cast):
    return add_member(cast.acme, "rita", "recruiter")


# who -> (page status, may assign). Ivy raised it; Ian is on the panel but did not.
ROLES = [
    ("alice", 200, True),  # admin and recruiter
    ("rita", 200, True),  # recruiter only
    ("harry", 200, True),  # the job's hiring manager
    ("ivy", 200, True),  # the raiser
    ("ian", 403, False),  # on the panel, not the raiser
    ("vera", 404, False),  # an approver with no decision on Dana: cannot see the concern
    ("nora", 404, False),  # an interviewer off the panel
    ("oscar", 404, False),  # another organisation
]


@pytest.mark.parametrize("who, status, allowed", ROLES)
def test_who_may_assign(client, cast, rita, unowned, who, status, allowed):
    member = rita if who == "rita" else getattr(cast, who)
    url = reverse("assign_concern", args=[unowned.pk])
    assert login(client, member).get(url).status_code == status
    response = client.post(url, {"owner": str(cast.ian.pk)})
    assert response.status_code == (302 if allowed else status)
    assert (Concern.objects.get(pk=unowned.pk).owner == cast.ian) is allowed
    if status == 404:
        return
    try:
        do_assign_concern(member, unowned, cast.ivy)
    except NotAllowed:
        assert not allowed
    else:
        assert allowed


def test_the_owner_list_offers_the_jobs_panel_first(client, cast, unowned):
    page = login(client, cast.harry).get(reverse("assign_concern", args=[unowned.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nobody owns it yet" in html
    panel = html.split("This job&#x27;s panel")[1].split("</optgroup>")[0]
    others = html.split("Others in the organisation")[1].split("</optgroup>")[0]
    assert "Ivy (Staff Engineer)" in panel and "Ian (Engineering Manager)" in panel
    assert "Nora" in others and "Nora" not in panel and "Ivy" not in others
    assert "Oscar" not in html  # another organisation


def test_reassigning_is_recorded_and_shown(client, cast, unowned):
    login(client, cast.harry)
    url = reverse("assign_concern", args=[unowned.pk])
    response = client.post(url, {"owner": str(cast.ian.pk)})
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{cast.dana_app.pk}/#concern-{unowned.pk}"
    response = client.post(url + "?from=job", {"owner": str(cast.ivy.pk), "from": "job"})
    assert response["Location"] == f"/jobs/{cast.job.pk}/concerns/"
    assert Concern.objects.get(pk=unowned.pk).owner == cast.ivy
    page = client.get(f"/applications/{cast.dana_app.pk}/").content.decode()
    assert "Ivy owns it" in page and "Change owner" in page


def test_refusals_show_on_the_form(client, cast, unowned):
    login(client, cast.harry)
    url = reverse("assign_concern", args=[unowned.pk])
    for value in ("", str(cast.oscar.pk), "x"):
        response = client.post(url, {"owner": value})
        assert response.status_code == 422 and 'id="owner-error"' in response.content.decode()
    cast.nora.active = False
    cast.nora.save()
    with pytest.raises(ActionError, match="no longer has an active account"):
        do_assign_concern(cast.harry, unowned, cast.nora)
    do_resolve_concern(cast.harry, unowned, "resolved", "She explained it well.")
    with pytest.raises(ActionError, match="already resolved"):
        do_assign_concern(cast.harry, unowned, cast.ian)


def test_the_api_assigns_an_owner(cast, unowned, api):
    path = f"/api/concerns/{unowned.pk}/owner"
    assert api(cast.ian).post(path, {"owner_id": cast.ian.pk}).status_code == 403
    assert api(cast.oscar).post(path, {"owner_id": cast.oscar.pk}).status_code == 404
    stranger = api(cast.harry).post(path, {"owner_id": cast.oscar.pk})
    assert stranger.status_code == 400 and stranger.json()["field"] == "owner_id"
    done = api(cast.harry).post(path, {"owner_id": cast.ian.pk})
    assert done.status_code == 200 and done.json()["owner"]["name"] == "Ian"
