"""The admin site, model by model, for every viewer: each organisation's admins use it on their
own organisation's records (another organisation's record is a 404), superuser-only models
refuse them, and every other viewer is sent to the admin's sign-in. Bodies are checked as on
the app's pages. A model registered without a row here fails the completeness test."""

import pytest
from django.contrib import admin

from tests.authorization.conftest import VIEWERS
from tests.authorization.test_every_route_for_every_viewer import body_of, check_body
from tests.permissions.scene import thing

ORGANISATION_ADMINS = {"alice", "oscar"}
# Models an admin member may add through the admin (each through its write function).
ADDABLE = {"hiring/candidate", "hiring/interview", "hiring/job", "hiring/question", "hiring/round"}
# Django's and the libraries' own models: for a superuser, not for an organisation's admin.
SUPERUSER_ONLY = {
    "auth/group",
    "auth/user",
    "axes/accessattempt",
    "axes/accessfailurelog",
    "axes/accesslog",
    "django_tasks_database/dbtaskresult",
    # Two-factor devices: a superuser's, to help a member who lost their phone.
    "otp_static/staticdevice",
    "otp_totp/totpdevice",
}
# An Acme record of each organisation-scoped model (names from tests/permissions/scene.py
# and tests/authorization/conftest.py).
ACME_RECORD = {
    "accounts/apitoken": "ivy_token",
    "accounts/invitation": "acme_invitation",
    "accounts/member": "ivy_member",
    "accounts/organisation": "acme",
    "audit/auditevent": "acme_event",
    "calibration/calibrationsnapshot": "acme_snapshot",
    "calibration/inputsstamp": "acme_stamp",
    "calibration/snapshotjob": "acme_snapshot_job",
    "concerns/concern": "dana_concern",
    "decisions/approvalstep": "vera_step",
    "decisions/decision": "dana_decision",
    "decisions/decisionpolicy": "acme_policy",
    "hiring/application": "dana_app",
    "hiring/candidate": "dana",
    "hiring/competency": "problem",
    "hiring/interview": "dana_r1",
    "hiring/internalnote": "dana_note",
    "hiring/librarycompetency": "library_entry",
    "hiring/job": "job",
    "imports/importrun": "alice_import",
    "hiring/question": "acme_question",
    "hiring/round": "round1",
    "hiring/rubricanchor": "problem_anchor",
    "hiring/stagechange": "dana_move",
    "notifications/calendarevent": "dana_r1_event",
    "notifications/notification": "vera_request",
    "privacy/erasure": None,  # none in the scene: the list is checked
    "privacy/retentionpolicy": None,
    "portal/candidaterequest": None,  # none in the scene: the list is checked
    "portal/memberintro": None,
    "portal/organisationvalues": None,
    "portal/portaldocument": "dana_document",
    "portal/portallink": "dana_link",
    "portal/portaloutcome": None,
    "portal/portaltopic": "dana_topic",
    "scorecards/feedbackview": "ivy_seen",
    "scorecards/rating": "ian_rating",
    "scorecards/scorecard": "ian_card",
    "scorecards/scorecardversion": "ian_card_v1",
    "webhooks/attempt": None,  # the scene's delivery was never sent
    "webhooks/delivery": "acme_delivery",
    "webhooks/subscription": "acme_webhook",
    "webhooks/webhooksettings": "acme_webhook_settings",
}
MODELS = sorted(f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry)


def expected_list(model, viewer):
    if viewer not in ORGANISATION_ADMINS:
        return "admin login"
    return 403 if model in SUPERUSER_ONLY else 200


def expected_add(model, viewer):
    if viewer not in ORGANISATION_ADMINS:
        return "admin login"
    return 200 if model in ADDABLE else 403


def status_of(response):
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "admin login"
    return response.status_code


def test_every_admin_model_has_a_row():
    assert set(MODELS) - SUPERUSER_ONLY - set(ACME_RECORD) == set(), "add the model's row"


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("model", MODELS)
def test_admin_list_and_add(world, visitor, model, viewer):
    web, _ = visitor(viewer)
    listing = web.get(f"/admin/{model}/")
    assert status_of(listing) == expected_list(model, viewer)
    check_body(viewer, model, listing)
    assert status_of(web.get(f"/admin/{model}/add/")) == expected_add(model, viewer)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("model", sorted(m for m, name in ACME_RECORD.items() if name))
def test_admin_change_page_of_an_acme_record(world, visitor, model, viewer):
    record = thing(world, ACME_RECORD[model])
    web, _ = visitor(viewer)
    response = web.get(f"/admin/{model}/{record.pk}/change/")
    expected = {"alice": 200, "oscar": 404}.get(viewer, "admin login")
    assert status_of(response) == expected
    if expected == 200:
        assert body_of(response).count("<form") >= 1
    check_body(viewer, model, response)
