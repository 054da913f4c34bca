"""The Django admin: every model registered, open to an organisation's admins only, scoped to
their organisation, audited, and read-only where the app keeps the rules."""

import pytest
from django.apps import apps
from django.contrib import admin

from secondround.audit.models import AuditEvent
from secondround.hiring.models import Question
from tests.conftest import fill_scorecard, login

OUR_APPS = {"accounts", "hiring", "scorecards", "concerns", "decisions", "audit", "calibration"}


def test_every_model_has_an_admin():
    ours = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]
    missing = [m._meta.label for m in ours if m not in admin.site._registry]
    assert ours and missing == []


def test_admin_members_get_in_and_others_do_not(cast, client):
    assert login(client, cast.alice).get("/admin/").status_code == 200
    client.logout()
    response = login(client, cast.ivy).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_login_form_lets_admin_members_in(cast, client):
    refused = client.post("/admin/login/", {"username": cast.ivy.email, "password": "pw"})
    assert refused.status_code == 200 and b"cannot use the admin" in refused.content
    allowed = client.post("/admin/login/", {"username": cast.alice.email, "password": "pw"})
    assert allowed.status_code == 302


def test_admin_lists_only_the_members_organisation(cast, client):
    url = f"/admin/hiring/job/{cast.job.pk}/change/"
    listing = login(client, cast.alice).get("/admin/hiring/job/")
    assert cast.job.title.encode() in listing.content
    assert client.get(url).status_code == 200
    client.logout()
    login(client, cast.oscar)
    assert cast.job.title.encode() not in client.get("/admin/hiring/job/").content
    response = client.get(url)
    assert response.status_code == 404  # another organisation's job does not exist here
    assert cast.dana.name.encode() not in client.get("/admin/hiring/candidate/").content


def test_admin_changes_go_through_the_write_function_and_stay_in_the_organisation(cast, client):
    question = Question.objects.create(organisation=cast.acme, topic="Grit", text="Tell me.")
    login(client, cast.alice)
    response = client.post(
        f"/admin/hiring/question/{question.pk}/change/",
        {"topic": "Grit", "text": "Tell me more.", "active": "on"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="question.saved", target_id=question.pk)
    assert event.actor == cast.alice and event.organisation == cast.acme
    client.logout()
    login(client, cast.oscar)
    response = client.post(
        "/admin/hiring/question/add/",
        {"organisation": cast.acme.pk, "topic": "Grit", "text": "Planted.", "active": "on"},
    )
    assert response.status_code == 302  # added, but to Globex: the organisation is not a field
    assert Question.objects.get(text="Planted.").organisation == cast.globex


@pytest.mark.parametrize("path", ["audit/auditevent", "scorecards/scorecard", "decisions/decision"])
def test_records_kept_by_the_app_are_read_only(cast, client, path):
    fill_scorecard(cast.ivy, cast.dana_r1)
    login(client, cast.alice)
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 403
    model_admin = admin.site._registry[apps.get_model(*path.split("/"))]
    request = type("Request", (), {"user": cast.alice.user, "member": cast.alice})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_audit_trail_in_the_admin_is_the_organisations_own(cast, client):
    login(client, cast.oscar)
    page = client.get("/admin/audit/auditevent/")
    assert page.status_code == 200
    shown = page.context["cl"].queryset
    assert shown.exists() and not shown.exclude(organisation=cast.globex).exists()
