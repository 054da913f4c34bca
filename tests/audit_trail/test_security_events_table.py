"""Every security-relevant action writes its audit event, through the route a person uses:
invitations (sent, resent, revoked, accepted), role changes, sign-ins, failed sign-ins,
password resets, two-factor sign-in and API tokens. One row per action; a row whose event
goes missing fails."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.test import Client

from secondround.accounts.actions import do_create_api_token
from secondround.accounts.invitations import do_invite_member
from secondround.audit.models import AuditEvent
from tests.api.conftest import ApiClient
from tests.two_factor.conftest import app_code, enrol, sign_in_with_password


def _invite(cast):
    invitation, raw = do_invite_member(
        cast.alice,
        cast.acme,
        email="zoe@new.test",
        display_name="Zoe Park",
        roles={"interviewer"},
        send_email=False,
    )
    return invitation, raw


def _as(member):
    client = Client()
    client.force_login(member.user)
    return client


def invite_on_team_page(cast):
    response = _as(cast.alice).post(
        "/team/",
        {
            "display_name": "Zoe Park",
            "email": "zoe@new.test",
            "timezone": "UTC",
            "roles": ["interviewer"],
        },
    )
    assert response.status_code == 302


def resend_invitation(cast):
    invitation, _ = _invite(cast)
    assert _as(cast.alice).post(f"/team/invitations/{invitation.pk}/resend/").status_code == 302


def revoke_invitation(cast):
    invitation, _ = _invite(cast)
    assert _as(cast.alice).post(f"/team/invitations/{invitation.pk}/revoke/").status_code == 302


def accept_invitation(cast):
    _, raw = _invite(cast)
    password = "a long enough passphrase"
    response = Client().post(
        f"/invitations/{raw}/", {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302


def change_roles(cast):
    response = _as(cast.alice).post(
        f"/team/members/{cast.ivy.pk}/roles/", {f"m{cast.ivy.pk}-roles": ["approver"]}
    )
    assert response.status_code == 302


def sign_in(cast):
    sign_in_with_password(Client(), cast.ivy)


def fail_sign_in(cast):
    response = Client().post(
        "/accounts/login/", {"username": "ivy@acme-test.test", "password": "wrong"}
    )
    assert response.status_code == 200


def request_password_reset(cast):
    assert (
        Client().post("/accounts/password_reset/", {"email": "ivy@acme-test.test"}).status_code
        == 302
    )


def complete_password_reset(cast):
    client = Client()
    client.post("/accounts/password_reset/", {"email": "ivy@acme-test.test"})
    link = re.search(r"/accounts/reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    new = "a-new-Long-passphrase-42"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302


def change_password(cast):
    new = "a-new-Long-passphrase-42"
    response = _as(cast.ivy).post(
        "/accounts/password_change/",
        {"old_password": "pw", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302


def enable_two_factor(cast):
    enrol(cast.ivy)


def _signed_in_with_code(cast):
    key, codes = enrol(cast.ivy)
    client = Client()
    sign_in_with_password(client, cast.ivy)
    return client, key, codes


def use_app_code(cast):
    client, key, _ = _signed_in_with_code(cast)
    assert client.post("/accounts/two-factor/", {"code": app_code(key, 1)}).status_code == 302


def use_recovery_code(cast):
    client, _, codes = _signed_in_with_code(cast)
    assert client.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 302


def give_wrong_code(cast):
    client, _, _ = _signed_in_with_code(cast)
    assert client.post("/accounts/two-factor/", {"code": "not-a-code"}).status_code == 422


def disable_two_factor(cast):
    client, key, codes = _signed_in_with_code(cast)
    client.post("/accounts/two-factor/", {"code": app_code(key, 1)})
    assert client.post("/settings/two-factor/disable/", {"code": codes[0]}).status_code == 302


def create_token_on_page(cast):
    response = _as(cast.ivy).post("/settings/tokens/", {"name": "ci", "scope": "read"})
    assert response.status_code == 200


def revoke_token_on_page(cast):
    token, _ = do_create_api_token(None, cast.ivy, "ci")
    assert _as(cast.ivy).post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302


def use_token(cast):
    _, raw = do_create_api_token(None, cast.ivy, "ci")
    assert ApiClient(raw).get("/api/me").status_code == 200


@dataclass
class Row:
    do: Callable
    action: str
    actor: str | None  # cast name, or None for the system


ROWS = {
    "invitation sent": Row(invite_on_team_page, "invitation.sent", "alice"),
    "invitation resent": Row(resend_invitation, "invitation.resent", "alice"),
    "invitation revoked": Row(revoke_invitation, "invitation.revoked", "alice"),
    "invitation accepted": Row(accept_invitation, "invitation.accepted", "zoe"),
    "roles changed": Row(change_roles, "member.roles_changed", "alice"),
    "signed in": Row(sign_in, "auth.signed_in", "ivy"),
    "failed sign-in": Row(fail_sign_in, "auth.sign_in_failed", None),
    "password reset requested": Row(request_password_reset, "auth.password_reset_requested", None),
    "password reset done": Row(complete_password_reset, "auth.password_reset_done", "ivy"),
    "password changed": Row(change_password, "member.password_changed", None),
    "two-factor enabled": Row(enable_two_factor, "two_factor.enabled", "ivy"),
    "two-factor code": Row(use_app_code, "two_factor.verified", "ivy"),
    "recovery code used": Row(use_recovery_code, "two_factor.recovery_code_used", "ivy"),
    "wrong code": Row(give_wrong_code, "two_factor.code_failed", "ivy"),
    "two-factor disabled": Row(disable_two_factor, "two_factor.disabled", "ivy"),
    "token created": Row(create_token_on_page, "api_token.created", "ivy"),
    "token revoked": Row(revoke_token_on_page, "api_token.revoked", "ivy"),
    "token used (first a day)": Row(use_token, "api_token.used", "ivy"),
}


@pytest.mark.parametrize("name", ROWS)
def test_action_writes_its_audit_event(cast, name, django_capture_on_commit_callbacks):
    row = ROWS[name]
    with django_capture_on_commit_callbacks(execute=True):
        row.do(cast)
    [event] = AuditEvent.objects.filter(action=row.action)
    assert event.organisation_id == cast.acme.pk
    if row.actor is None:
        assert event.actor is None
    else:
        assert event.actor is not None
        assert event.actor.display_name.lower().startswith(row.actor)
    for secret in ("pw", "a-new-Long-passphrase-42", "a long enough passphrase"):
        assert f"'{secret}'" not in str(event.data)
