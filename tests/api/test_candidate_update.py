"""Changing a candidate's details over the API: the same rules as adding one, for those who
read their notes; the audit trail names the fields, never the values."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.hiring.models import Candidate
from secondround.privacy.actions import do_erase_candidate
from tests.api.conftest import ROLES

# Who may change Dana's details: oversight and her job's hiring manager (Vera approves no
# decision on her in this cast, so she does not see her).
MAY_EDIT = {"alice": 200, "harry": 200, "ivy": 403, "nora": 404, "vera": 404, "oscar": 404}


def test_change_fields_and_read_them_back(cast, api):
    response = api(cast.harry).patch(
        f"/api/candidates/{cast.dana.pk}",
        {"phone": " +49 30 1234 ", "timezone": "Europe/Berlin", "notes": "Prefers mornings"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["phone"], body["timezone"], body["notes"]) == (
        "+49 30 1234",
        "Europe/Berlin",
        "Prefers mornings",
    )
    assert body["name"] == "Dana Kim"  # untouched
    event = AuditEvent.objects.filter(action="candidate.updated").get()
    assert event.data == {"fields": ["notes", "phone", "timezone"]}
    assert "1234" not in str(event.data) and "mornings" not in str(event.data)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_candidate(cast, api, role):
    response = api(getattr(cast, role)).patch(f"/api/candidates/{cast.dana.pk}", {"phone": "1"})
    assert response.status_code == MAY_EDIT[role], response.json()
    assert "detail" in response.json() or response.status_code == 200
    expected = "1" if MAY_EDIT[role] == 200 else ""
    assert Candidate.objects.get(pk=cast.dana.pk).phone == expected


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "LUIS@example.com"}, "email"),  # another candidate's
        ({"email": "no-at-sign"}, "email"),
        ({"name": "   "}, "name"),
        ({"source": "other"}, "source_detail"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(cast, api, body, field):
    response = api(cast.alice).patch(f"/api/candidates/{cast.dana.pk}", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    dana = Candidate.objects.get(pk=cast.dana.pk)
    assert (dana.name, dana.email, dana.timezone) == ("Dana Kim", "dana@example.com", "UTC")
    assert not AuditEvent.objects.filter(action="candidate.updated").exists()


def test_keeping_ones_own_email_is_not_a_duplicate(cast, api):
    response = api(cast.alice).patch(
        f"/api/candidates/{cast.dana.pk}", {"email": "Dana@Example.com", "name": "Dana J. Kim"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Dana J. Kim"


def test_an_anonymised_candidate_cannot_be_edited_back(cast, api):
    do_erase_candidate(cast.alice, cast.dana, confirmation="Dana Kim")
    response = api(cast.alice).patch(f"/api/candidates/{cast.dana.pk}", {"name": "Dana Kim"})
    assert response.status_code == 400
    assert "anonymised" in response.json()["detail"]
    assert Candidate.objects.get(pk=cast.dana.pk).name.startswith("Anonymised candidate")
