"""The concern forms (raise and resolve on the scorecard, close on the application page):
each error sits by its field and what was typed is kept."""

import pytest
from django.urls import reverse

from secondround.concerns.actions import do_raise_concern
from secondround.concerns.models import Concern
from tests.conftest import login


@pytest.fixture
def concern(cast):
    return do_raise_concern(
        cast.ian, cast.dana_app, type="skill_gap", title="Depth", owner=cast.ivy
    )


def test_raising_without_a_title_keeps_the_rest_and_says_so_by_the_title(client, cast):
    response = login(client, cast.ivy).post(
        reverse("scorecard_raise_concern", args=[cast.dana_r1.pk]),
        {"type": "motivation", "title": "", "probe": "Why now?", "blocking": "1",
         "owner": str(cast.ian.pk)},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="concern-title-error">Give the concern a short title.' in html
    assert '<option value="motivation" selected>' in html and "Why now?</textarea>" in html
    assert 'name="blocking" value="1" checked' in html
    assert f'<option value="{cast.ian.pk}" selected>' in html
    assert not Concern.objects.exists()


def test_an_owner_from_outside_the_list_is_refused_on_the_owner(client, cast):
    response = login(client, cast.ivy).post(
        reverse("scorecard_raise_concern", args=[cast.dana_r1.pk]),
        {"type": "other", "title": "Notice period", "owner": str(cast.oscar.pk)},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="concern-owner-error">Choose someone from the list to probe it.' in html
    assert 'value="Notice period"' in html
    assert not Concern.objects.exists()


def test_resolving_without_evidence_keeps_the_chosen_outcome(client, cast, concern):
    url = reverse("scorecard_resolve_concern", args=[cast.dana_r1.pk, concern.pk])
    response = login(client, cast.ivy).post(url, {"status": "confirmed", "evidence": " "})
    html = response.content.decode()
    assert response.status_code == 422
    error = html.index(f'id="resolve-evidence-error-{concern.pk}"')
    assert "closing a concern needs evidence" in html[error : error + 120]
    assert 'name="status" value="confirmed" checked' in html
    assert Concern.objects.get(pk=concern.pk).is_open


def test_closing_on_the_application_page_shows_the_error_on_that_concern(client, cast, concern):
    url = reverse("close_concern", args=[concern.pk])
    response = login(client, cast.harry).post(url, {"status": "resolved", "evidence": ""})
    html = response.content.decode()
    assert response.status_code == 422
    error = html.index(f'id="close-evidence-error-{concern.pk}"')
    assert "closing a concern needs evidence" in html[error : error + 120]
    assert 'value="resolved" required checked' in html
    response = client.post(url, {"status": "gone", "evidence": "Asked twice"})
    html = response.content.decode()
    assert response.status_code == 422
    assert f'id="close-status-error-{concern.pk}">Choose resolved, confirmed or unresolvable.' in (
        html
    )
    assert "Asked twice</textarea>" in html
    assert Concern.objects.get(pk=concern.pk).is_open
