"""The hiring team closes a concern from the application page; interviewers who do not own it
cannot."""

import pytest

from secondround.concerns.actions import do_raise_concern
from secondround.concerns.models import Concern


@pytest.fixture
def concern(cast):
    return do_raise_concern(
        cast.ivy, cast.dana_app, type="skill_gap", title="Streaming depth", blocking=True
    )


def page(client, member, cast):
    client.force_login(member.user)
    return client.get(f"/applications/{cast.dana_app.pk}/").content.decode()


def test_hiring_manager_sees_the_close_form_and_closes_with_evidence(client, cast, concern):
    assert f'id="close-concern-{concern.pk}"' in page(client, cast.harry, cast)
    response = client.post(
        f"/concerns/{concern.pk}/close/",
        {"status": "resolved", "evidence": "Walked through a Kafka outage in depth."},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == "resolved" and concern.resolved_by == cast.harry
    assert "Walked through a Kafka outage" in page(client, cast.harry, cast)


def test_closing_without_evidence_is_refused_and_the_concern_stays_open(client, cast, concern):
    page(client, cast.harry, cast)
    response = client.post(f"/concerns/{concern.pk}/close/", {"status": "resolved"}, follow=True)
    assert "closing a concern needs evidence" in response.content.decode()
    assert Concern.objects.get(pk=concern.pk).is_open


def test_interviewer_who_does_not_own_it_gets_no_form_and_is_refused(client, cast, concern):
    assert f'id="close-concern-{concern.pk}"' not in page(client, cast.ian, cast)
    response = client.post(
        f"/concerns/{concern.pk}/close/", {"status": "resolved", "evidence": "x"}
    )
    assert response.status_code == 403
    assert Concern.objects.get(pk=concern.pk).is_open


def test_other_organisation_gets_404(client, cast, concern):
    client.force_login(cast.oscar.user)
    response = client.post(
        f"/concerns/{concern.pk}/close/", {"status": "resolved", "evidence": "x"}
    )
    assert response.status_code == 404
