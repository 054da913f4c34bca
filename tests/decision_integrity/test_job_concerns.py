"""Each job has a list of its concerns, open and closed, with a filter."""

import pytest
from django.urls import reverse

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from tests.conftest import login


@pytest.fixture
def ledger(cast):
    c = cast
    c.open_blocking = do_raise_concern(
        c.ivy, c.dana_app, type="skill_gap", title="Streaming depth", blocking=True, owner=c.ian
    )
    c.unowned = do_raise_concern(c.ian, c.luis_app, type="motivation", title="Short tenure")
    c.closed = do_raise_concern(c.ivy, c.dana_app, type="other", title="Notice period")
    do_resolve_concern(c.harry, c.closed, "resolved", "One month, confirmed by her.")
    return c


def titles(response) -> set[str]:
    assert response.status_code == 200
    html = response.content.decode()
    body = html.split('class="concern-list"')[1] if 'class="concern-list"' in html else ""
    return {t for t in ("Streaming depth", "Short tenure", "Notice period") if t in body}


def test_the_list_shows_open_concerns_first_and_filters(client, cast, ledger):
    login(client, cast.harry)
    url = reverse("job_concerns", args=[cast.job.pk])
    assert titles(client.get(url)) == {"Streaming depth", "Short tenure"}
    assert titles(client.get(url, {"status": "closed"})) == {"Notice period"}
    assert titles(client.get(url, {"status": "all"})) == {
        "Streaming depth",
        "Short tenure",
        "Notice period",
    }
    assert titles(client.get(url, {"owner": "nobody"})) == {"Short tenure"}
    assert titles(client.get(url, {"blocking": "on"})) == {"Streaming depth"}
    assert titles(client.get(url, {"application": cast.luis_app.pk})) == {"Short tenure"}
    assert titles(client.get(url, {"status": "nonsense"})) == {"Streaming depth", "Short tenure"}
    page = client.get(url, {"owner": "nobody"}).content.decode()
    assert "Nobody owns it yet" in page
    assert f"/concerns/{cast.unowned.pk}/owner/?from=job" in page  # give it an owner


def test_owned_by_me(client, cast, ledger):
    login(client, cast.ian)
    url = reverse("job_concerns", args=[cast.job.pk])
    assert titles(client.get(url, {"owner": "me"})) == {"Streaming depth"}
    page = client.get(url).content.decode()
    # Ian gives an owner only to what he raised (Short tenure), not to Ivy's concern.
    assert 'Give it an owner<span class="visually-hidden">: Short tenure' in page
    assert "Change owner" not in page
    assert titles(client.get(url)) == {"Streaming depth", "Short tenure"}


@pytest.mark.parametrize("who, status", [("nora", 404), ("oscar", 404), ("alice", 200)])
def test_outsiders_get_nothing(client, cast, ledger, who, status):
    response = login(client, getattr(cast, who)).get(reverse("job_concerns", args=[cast.job.pk]))
    assert response.status_code == status
