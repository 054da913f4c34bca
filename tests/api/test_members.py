"""Members and invitations: everyone lists their organisation's members; only admins change
roles, deactivate, reactivate and manage invitations (the team page's rules)."""

import pytest
from django.core import mail

from secondround.accounts.invitations import do_invite_member
from secondround.accounts.models import Invitation
from secondround.audit.models import AuditEvent
from tests.api.conftest import ROLES


def test_list_and_detail_only_my_organisation(cast, api):
    ivy = api(cast.ivy)
    names = [m["name"] for m in ivy.all_items("/api/members")]
    assert sorted(names) == ["Alice", "Harry", "Ian", "Ivy", "Nora", "Vera", "Victor"]
    body = ivy.get(f"/api/members/{cast.alice.pk}").json()
    assert body["roles"] == ["admin", "recruiter"] and body["active"] is True
    assert ivy.get(f"/api/members/{cast.oscar.pk}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_set_roles_permissions(cast, api, role):
    actor = getattr(cast, role)
    response = api(actor).put(f"/api/members/{cast.nora.pk}/roles", {"roles": ["approver"]})
    expected = {"alice": 200, "oscar": 404}.get(role, 403)
    assert response.status_code == expected, response.json()
    cast.nora.refresh_from_db()
    assert cast.nora.is_approver is (expected == 200)


def test_last_admin_keeps_the_admin_role(cast, api):
    response = api(cast.alice).put(f"/api/members/{cast.alice.pk}/roles", {"roles": ["recruiter"]})
    assert response.status_code == 400
    assert "only active admin" in response.json()["detail"]


def test_unknown_role_is_422(cast, api):
    response = api(cast.alice).put(f"/api/members/{cast.nora.pk}/roles", {"roles": ["king"]})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_deactivate_permissions(cast, api, role):
    response = api(getattr(cast, role)).post(f"/api/members/{cast.nora.pk}/deactivate", {})
    expected = {"alice": 200, "oscar": 404}.get(role, 403)
    assert response.status_code == expected
    cast.nora.refresh_from_db()
    assert cast.nora.active is (expected != 200)


def test_deactivate_hands_work_to_a_successor_then_reactivate(cast, api):
    alice = api(cast.alice)
    response = alice.post(f"/api/members/{cast.ian.pk}/deactivate", {"successor_id": cast.nora.pk})
    assert response.status_code == 200 and response.json()["active"] is False
    assert cast.round1.panel.filter(pk=cast.nora.pk).exists()
    myself = alice.post(f"/api/members/{cast.alice.pk}/deactivate", {})
    assert myself.status_code == 400 and "yourself" in myself.json()["detail"]
    back = alice.post(f"/api/members/{cast.ian.pk}/reactivate")
    assert back.status_code == 200 and back.json()["active"] is True
    again = alice.post(f"/api/members/{cast.ian.pk}/reactivate")
    assert again.status_code == 400


def test_successor_from_another_organisation_is_refused(cast, api):
    response = api(cast.alice).post(
        f"/api/members/{cast.ian.pk}/deactivate", {"successor_id": cast.oscar.pk}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "successor_id"


def test_invite_list_resend_revoke(cast, api, django_capture_on_commit_callbacks):
    alice = api(cast.alice)
    body = {"email": "New@Example.com", "name": "Newton", "roles": ["interviewer"]}
    with django_capture_on_commit_callbacks(execute=True):
        created = alice.post("/api/invitations", body)
    assert created.status_code == 201, created.json()
    invitation = created.json()
    assert invitation["email"] == "new@example.com" and invitation["status"] == "pending"
    assert "token" not in str(invitation).lower()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.com"]

    listed = alice.get("/api/invitations?status=pending").json()["items"]
    assert [i["id"] for i in listed] == [invitation["id"]]
    duplicate = alice.post("/api/invitations", body)
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "email"

    with django_capture_on_commit_callbacks(execute=True):
        resent = alice.post(f"/api/invitations/{invitation['id']}/resend")
    assert resent.status_code == 200 and len(mail.outbox) == 2
    revoked = alice.post(f"/api/invitations/{invitation['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert alice.get("/api/invitations?status=pending").json()["items"] == []
    assert alice.post(f"/api/invitations/{invitation['id']}/revoke").status_code == 400
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invitation.sent", "invitation.resent", "invitation.revoked"} <= actions


@pytest.mark.parametrize("role", ROLES)
def test_invitation_permissions(cast, api, role):
    pending, _ = do_invite_member(
        cast.alice, cast.acme, email="p@example.com", display_name="P", roles={"interviewer"}
    )
    client = api(getattr(cast, role))
    body = {"email": f"{role}-guest@example.com", "name": "Guest", "roles": ["interviewer"]}
    created = client.post("/api/invitations", body)
    listed = client.get("/api/invitations")
    revoke = client.post(f"/api/invitations/{pending.pk}/revoke")
    if role == "alice":
        assert (created.status_code, listed.status_code, revoke.status_code) == (201, 200, 200)
    elif role == "oscar":
        assert created.status_code == 201  # into Globex
        assert [i["email"] for i in listed.json()["items"]] == ["oscar-guest@example.com"]
        assert revoke.status_code == 404
    else:
        assert (created.status_code, listed.status_code, revoke.status_code) == (403, 403, 403)
    pending.refresh_from_db()
    assert (pending.revoked_at is not None) is (role == "alice")
    assert Invitation.objects.filter(organisation=cast.acme).count() == (
        2 if role == "alice" else 1
    )
