"""The Team page: admins only, and each control goes through its write function."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from secondround.accounts.invitations import do_invite_member
from secondround.accounts.models import Invitation
from tests.conftest import add_member

pytestmark = pytest.mark.django_db


def client_for(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


# One member per role, alone: only the admin may open or use the Team page.
ROLES = {
    "admin": 200,
    "recruiter": 403,
    "hiring_manager": 403,
    "interviewer": 403,
    "approver": 403,
}


@pytest.fixture
def pending(cast):
    invitation, _ = do_invite_member(
        cast.alice, cast.acme, email="zoe@new.test", display_name="Zoe", roles={"interviewer"}
    )
    return invitation


def pages(cast, pending):
    """(method, url, data) for every Team page action, aimed at harmless targets."""
    return [
        ("get", reverse("team"), None),
        ("post", reverse("team"), {"display_name": "X", "email": "x@new.test"}),
        (
            "post",
            reverse("member_roles", args=[cast.nora.pk]),
            {f"m{cast.nora.pk}-roles": "approver"},
        ),
        ("get", reverse("member_deactivate", args=[cast.nora.pk]), None),
        ("post", reverse("member_deactivate", args=[cast.nora.pk]), {}),
        ("post", reverse("member_reactivate", args=[cast.nora.pk]), {}),
        ("post", reverse("invitation_resend", args=[pending.pk]), {}),
        ("post", reverse("invitation_revoke", args=[pending.pk]), {}),
    ]


@pytest.mark.parametrize("role, status", ROLES.items())
def test_only_admins_use_the_team_page(cast, pending, role, status):
    member = add_member(cast.acme, f"only-{role.replace('_', '')}", role)
    client = client_for(member)
    for method, url, data in pages(cast, pending):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        if status == 200:
            assert response.status_code in (200, 302, 422), url
        else:
            assert response.status_code == status, (method, url)
    nav = client.get("/").context["main_nav"]
    assert ("team" in [item["key"] for item in nav]) == (role == "admin")


def test_anonymous_visitors_are_sent_to_sign_in(cast):
    response = Client().get(reverse("team"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_another_organisations_admin_sees_nothing_of_ours(cast, pending):
    oscar = client_for(cast.oscar)
    page = oscar.get(reverse("team"))
    assert page.status_code == 200 and "Alice" not in page.content.decode()
    assert oscar.post(reverse("invitation_revoke", args=[pending.pk])).status_code == 404
    assert oscar.get(reverse("member_deactivate", args=[cast.ivy.pk])).status_code == 404


def test_the_page_lists_members_and_pending_invitations(cast, pending):
    page = client_for(cast.alice).get(reverse("team"))
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("Alice", "ivy@acme-test.test", "Staff Engineer", "zoe@new.test", "Resend"):
        assert shown in text
    assert "Oscar" not in text


def test_inviting_from_the_page_sends_the_email(cast, django_capture_on_commit_callbacks):
    alice = client_for(cast.alice)
    form = {
        "display_name": "Zoe Park",
        "email": "zoe@new.test",
        "title": "Designer",
        "timezone": "Europe/Paris",
        "roles": ["interviewer", "approver"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(reverse("team"), form)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="zoe@new.test")
    assert sorted(invitation.roles) == ["approver", "interviewer"]
    assert invitation.timezone == "Europe/Paris" and invitation.invited_by == cast.alice
    assert len(mail.outbox) == 1 and "/invitations/" in mail.outbox[0].body


def test_a_refused_invitation_shows_next_to_the_field_and_keeps_the_values(cast):
    alice = client_for(cast.alice)
    form = {
        "display_name": "Oscar again",
        "email": "oscar@globex.test",
        "timezone": "UTC",
        "roles": ["interviewer"],
    }
    response = alice.post(reverse("team"), form)
    assert response.status_code == 422
    assert "another organisation" in response.context["invite_form"].errors["email"][0]
    assert 'value="Oscar again"' in response.content.decode()
    missing = alice.post(reverse("team"), {"display_name": "", "email": "z@new.test"})
    assert missing.status_code == 422
    assert set(missing.context["invite_form"].errors) == {"display_name", "timezone", "roles"}


def test_resend_and_revoke_from_the_page(cast, pending):
    alice = client_for(cast.alice)
    old_hash = pending.token_hash
    assert alice.post(reverse("invitation_resend", args=[pending.pk])).status_code == 302
    pending.refresh_from_db()
    assert pending.token_hash != old_hash
    assert alice.post(reverse("invitation_revoke", args=[pending.pk])).status_code == 302
    pending.refresh_from_db()
    assert pending.revoked_at is not None
    page = alice.get(reverse("team"))
    assert page.status_code == 200
    assert list(page.context["invitations"]) == []
    assert 'id="invitation-' not in page.content.decode()


def test_changing_roles_from_the_page(cast):
    alice = client_for(cast.alice)
    url = reverse("member_roles", args=[cast.nora.pk])
    response = alice.post(url, {f"m{cast.nora.pk}-roles": ["interviewer", "approver"]})
    assert response.status_code == 302
    cast.nora.refresh_from_db()
    assert cast.nora.roles == {"interviewer", "approver"}


def test_the_last_admin_refusal_shows_on_the_page(cast):
    alice = client_for(cast.alice)
    url = reverse("member_roles", args=[cast.alice.pk])
    response = alice.post(url, {f"m{cast.alice.pk}-roles": ["recruiter"]}, follow=True)
    assert response.status_code == 200
    assert "only active admin" in response.content.decode()
    cast.alice.refresh_from_db()
    assert cast.alice.is_admin


def test_deactivate_and_reactivate_from_the_page(cast):
    alice = client_for(cast.alice)
    response = alice.post(reverse("member_deactivate", args=[cast.nora.pk]), follow=True)
    assert response.status_code == 200 and "Deactivated" in response.content.decode()
    cast.nora.refresh_from_db()
    assert not cast.nora.active
    response = alice.post(reverse("member_reactivate", args=[cast.nora.pk]))
    assert response.status_code == 302
    cast.nora.refresh_from_db()
    assert cast.nora.active
