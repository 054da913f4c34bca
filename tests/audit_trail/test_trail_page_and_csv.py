"""Admins filter their organisation's audit trail and download it as CSV; nobody else
opens it."""

import csv
import io

import pytest
from django.urls import reverse

from secondround.audit.log import record
from secondround.audit.models import AuditEvent
from secondround.hiring.actions import do_save_question
from tests.conftest import add_member, login

ROLES = {
    "alice": 200,  # admin
    "rita": 403,  # recruiter only
    "harry": 403,
    "ivy": 403,
    "vera": 403,
    "oscar": 200,  # Globex's admin: his own organisation's trail
}


@pytest.fixture
def people(cast):
    cast.rita = add_member(cast.acme, "rita", "recruiter")
    return cast


@pytest.mark.parametrize(("who", "status"), ROLES.items())
@pytest.mark.parametrize("name", ["audit_trail", "audit_export"])
def test_only_admins_open_the_trail(people, client, who, status, name):
    response = login(client, getattr(people, who)).get(reverse(name))
    assert response.status_code == status


def test_anonymous_is_sent_to_sign_in(cast, client):
    response = client.get(reverse("audit_trail"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_filter_by_action_and_actor_and_export_the_same(cast, client):
    do_save_question(cast.alice, topic="Grit", text="Tell me.")
    do_save_question(cast.harry, topic="Craft", text="Show me.")
    login(client, cast.alice)
    query = {"action": "question.saved", "actor": cast.harry.pk}
    page = client.get(reverse("audit_trail"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("question.saved") >= 2  # the option and Harry's one row
    assert "<td>Harry</td>" in html and "<td>Alice</td>" not in html
    rows = csv_rows(client.get(reverse("audit_export"), query))
    assert [(r["actor"], r["action"]) for r in rows] == [("Harry", "question.saved")]
    exported = AuditEvent.objects.filter(action="audit.exported").get()
    assert exported.actor == cast.alice
    assert exported.data["filters"] == {"action": "question.saved", "actor": str(cast.harry.pk)}


def test_export_holds_only_the_organisations_events_oldest_first(cast, client):
    rows = csv_rows(login(client, cast.alice).get(reverse("audit_export")))
    events = AuditEvent.objects.filter(organisation=cast.acme)  # the export's own included
    assert len(rows) == events.count() > 5
    assert rows[0]["action"] == "organisation.created"
    assert [r["when"] for r in rows] == sorted(r["when"] for r in rows)
    assert not any(r["actor"] == "Oscar" for r in rows)
    assert {r["target_type"] for r in rows} >= {"hiring.job", "accounts.member"}


def test_cells_that_a_spreadsheet_would_run_are_escaped(cast, client):
    record(cast.alice, "=HYPERLINK(1)", cast.job)
    rows = csv_rows(login(client, cast.alice).get(reverse("audit_export")))
    assert "'=HYPERLINK(1)" in [r["action"] for r in rows]


def test_date_range_is_checked(cast, client):
    response = login(client, cast.alice).get(
        reverse("audit_trail"), {"since": "2026-12-02", "until": "2026-12-01"}
    )
    assert response.status_code == 200
    assert "The end date comes before the start date." in response.content.decode()
