"""Records the admin may not change answer 403 to a change, and nothing is ever deleted here;
another organisation's records answer 404."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

from secondround.accounts.admin_site import ActionAdmin
from secondround.audit.models import AuditEvent
from tests.admin_site.conftest import admin_url

# model -> (the cast's record, a change that the app's rules keep for its own pages)
KEPT_BY_THE_APP = {
    "application": ("dana_app", {"stage": "hired"}),
    "interview": ("dana_r1", {"location": "Moved", "round": "round2"}),
    "candidate": ("dana", {"name": "Renamed", "email": "dana@example.com"}),
    "scorecard": ("card", {"recommendation": "strong_no"}),
    "concern": ("concern", {"status": "resolved", "title": "Gone"}),
    "decision": ("decision", {"status": "approved"}),
    "member": ("ivy", {"is_admin": "on", "display_name": "Ivy"}),
    "organisation": ("acme", {"name": "Renamed"}),
}


@pytest.mark.parametrize("model", KEPT_BY_THE_APP)
def test_a_change_the_app_keeps_for_itself_is_refused(records, admin_client, model):
    target, data = KEPT_BY_THE_APP[model]
    obj = getattr(records, target)
    obj.refresh_from_db()
    before = {name: getattr(obj, name) for name in data if hasattr(obj, name)}
    # Looking may record a first view of colleagues' feedback (the independence audit);
    # what must not appear is any other event.
    changes = AuditEvent.objects.exclude(action="feedback.first_seen")
    events = changes.count()
    url = admin_url(model, "change", obj.pk)
    assert admin_client.get(url).status_code == 200  # it may be looked at
    assert admin_client.post(url, data).status_code == 403
    obj.refresh_from_db()
    assert {name: getattr(obj, name) for name in before} == before
    assert changes.count() == events


@pytest.mark.parametrize(
    "model", ["application", "scorecard", "concern", "decision", "member", "competency"]
)
def test_records_added_only_in_the_app_have_no_add_form(records, admin_client, model):
    assert admin_client.get(admin_url(model)).status_code == 403


RECORDS = {**{m: t for m, (t, _) in KEPT_BY_THE_APP.items()}, "job": "job",
           "competency": "problem", "round": "round1", "question": "question"}  # fmt: skip


@pytest.mark.parametrize("model", RECORDS)
def test_nothing_is_deleted_from_the_admin(records, admin_client, model):
    obj = getattr(records, RECORDS[model])
    assert admin_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    obj.refresh_from_db()  # still there


@pytest.mark.parametrize("model", RECORDS)
def test_an_admin_of_globex_cannot_reach_acmes_records(records, model):
    oscar = Client()
    oscar.force_login(records.oscar.user)
    obj = getattr(records, RECORDS[model])
    url = admin_url(model, "change", obj.pk)
    assert oscar.get(url).status_code == 404
    assert oscar.post(url, {"name": "Taken", "title": "Taken"}).status_code == 404
    assert str(obj) not in oscar.get(url.rsplit("/", 3)[0] + "/").content.decode()


def test_every_admin_writes_only_through_a_write_function(records):
    """A model admin either is an ActionAdmin (its form calls a write function) or allows no
    add, change or delete at all; none saves a record by itself."""
    request = type("Request", (), {"user": records.alice.user, "member": records.alice})()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"accounts", "hiring", "scorecards", "concerns",
                                          "decisions", "audit", "calibration",
                                          "notifications", "scheduling"}:  # fmt: skip
            continue
        assert not model_admin.has_delete_permission(request), model
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(
            request
        )
        assert not writes or isinstance(model_admin, ActionAdmin), model
    with pytest.raises(Exception, match="does not save"):
        admin.site._registry[apps.get_model("hiring", "application")].save_model(
            request, records.dana_app, None, True
        )
