"""An organisation can require two-factor sign-in for admins, recruiters and approvers:
those without it are sent to enrolment after signing in and reach nothing else until they
have enrolled. Interviewers and hiring managers who are not approvers are not concerned."""

import pytest
from django.test import Client

from secondround.accounts.models import Organisation
from secondround.accounts.two_factor import do_set_two_factor_requirement
from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed
from tests.conftest import add_member
from tests.two_factor.conftest import app_code, enrol, sign_in_with_password


@pytest.fixture
def required(cast):
    """Acme requires it; alice (admin) enrolled first, as the write function insists."""
    cast.alice_key, _ = enrol(cast.alice)
    do_set_two_factor_requirement(cast.alice, cast.acme, True)
    cast.rita = add_member(cast.acme, "rita", "recruiter")
    cast.hank = add_member(cast.acme, "hank", "hiring_manager", "approver")
    cast.acme.refresh_from_db()
    return cast


# (member, must enrol first)
ROLES = [
    ("rita", True),  # recruiter
    ("vera", True),  # approver
    ("hank", True),  # hiring manager who is also an approver
    ("harry", False),  # hiring manager, not an approver
    ("ivy", False),  # interviewer
    ("nora", False),  # interviewer on no panel
]


@pytest.mark.parametrize("name,must_enrol", ROLES)
def test_requirement_sends_the_right_roles_to_enrolment(required, name, must_enrol):
    member = getattr(required, name)
    client = Client()
    sign_in_with_password(client, member)
    for path in ["/", "/settings/tokens/", "/team/", "/admin/"]:
        response = client.get(path)
        if must_enrol:
            assert response.status_code == 302, path
            assert response["Location"].startswith("/settings/two-factor/"), path
        else:
            assert not response.get("Location", "").startswith("/settings/two-factor"), path
    if must_enrol:
        page = client.get("/settings/two-factor/")
        assert page.status_code == 200
        assert "requires two-factor sign-in for your role" in page.content.decode()
    else:
        assert client.get("/").status_code == 200


def test_an_admin_without_a_device_is_sent_to_enrolment_then_reaches_everything(required):
    """An admin who joined after the rule was set (sven) enrols, then goes on."""
    import base64
    import re

    sven = add_member(required.acme, "sven", "admin")
    client = Client()
    sign_in_with_password(client, sven)
    assert client.get("/team/")["Location"].startswith("/settings/two-factor/")
    page = client.get("/settings/two-factor/").content.decode()
    typed = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    key = base64.b32decode(typed.replace(" ", "")).hex()
    assert client.post("/settings/two-factor/enrol/", {"code": app_code(key)}).status_code == 200
    assert client.get("/team/").status_code == 200


def test_an_enrolled_admin_is_asked_for_the_code_not_sent_to_enrolment(required):
    client = Client()
    sign_in_with_password(client, required.alice)
    assert client.get("/").headers["Location"].startswith("/accounts/two-factor/")


def test_turning_the_requirement_on_needs_the_admins_own_second_factor(cast):
    with pytest.raises(ActionError, match="for yourself first"):
        do_set_two_factor_requirement(cast.alice, cast.acme, True)
    with pytest.raises(NotAllowed):
        do_set_two_factor_requirement(cast.vera, cast.acme, False)
    with pytest.raises(NotAllowed):
        do_set_two_factor_requirement(cast.oscar, cast.acme, False)
    assert not Organisation.objects.get(pk=cast.acme.pk).require_two_factor


# (member, status of the sign-in rules page)
SETTINGS_PAGE = [
    ("alice", 200),
    ("harry", 403),
    ("ivy", 403),
    ("vera", 403),
    ("oscar", 200),  # Globex's admin: his own organisation's page
]


@pytest.mark.parametrize("name,status", SETTINGS_PAGE)
def test_sign_in_rules_page_is_for_admins(cast, client, name, status):
    client.force_login(getattr(cast, name).user)
    response = client.get("/settings/security/")
    assert response.status_code == status
    if status == 200:
        assert "Require two-factor sign-in" in response.content.decode()


def test_the_page_turns_it_on_and_records_it(cast, client):
    enrol(cast.alice)
    client.force_login(cast.alice.user)
    refused = client.post("/settings/security/", {"require_two_factor": "on"})
    # force_login gave no second factor: the gate asks for the code first.
    assert refused.status_code == 302 and "/accounts/two-factor/" in refused["Location"]


def test_the_page_refuses_without_the_admins_own_second_factor(cast, client):
    client.force_login(cast.alice.user)
    response = client.post("/settings/security/", {"require_two_factor": "on"})
    assert response.status_code == 422
    assert "for yourself first" in response.content.decode()
    assert not AuditEvent.objects.filter(
        action="organisation.two_factor_requirement_changed"
    ).exists()


def test_the_page_saves_the_rule_for_an_enrolled_admin(cast):
    key, _ = enrol(cast.alice)
    client = Client()
    sign_in_with_password(client, cast.alice)
    client.post("/accounts/two-factor/", {"code": app_code(key, 1)})
    response = client.post("/settings/security/", {"require_two_factor": "on"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=cast.acme.pk).require_two_factor
    [event] = AuditEvent.objects.filter(action="organisation.two_factor_requirement_changed")
    assert event.actor == cast.alice and event.data == {"required": True}
    page = client.get("/settings/security/")
    assert page.status_code == 200 and "checked" in page.content.decode()
