"""Invitations: single use, expiring, stored as a hash, resent and revoked; accepting one
creates the member and signs them in."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from secondround.accounts.invitations import (
    do_accept_invitation,
    do_invite_member,
    do_resend_invitation,
    do_revoke_invitation,
    invitation_link,
)
from secondround.accounts.models import Invitation, Member
from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed

pytestmark = pytest.mark.django_db


def invite(cast, email="zoe@new.test", roles=("interviewer",), actor=None, **extra):
    return do_invite_member(
        actor or cast.alice,
        cast.acme,
        email=email,
        display_name="Zoe Park",
        roles=set(roles),
        title="Staff Engineer",
        timezone="Europe/Berlin",
        **extra,
    )


def test_accepting_creates_the_member_with_the_invited_details(cast):
    invitation, raw = invite(cast)
    assert invitation.token_hash == Invitation.hash_token(raw)
    assert raw not in str(Invitation.objects.filter(pk=invitation.pk).values().get())

    member = do_accept_invitation(raw, "a long enough passphrase")

    assert member.organisation == cast.acme and member.email == "zoe@new.test"
    assert member.roles == {"interviewer"}
    assert (member.title, member.timezone, member.display_name) == (
        "Staff Engineer",
        "Europe/Berlin",
        "Zoe Park",
    )
    assert member.user.check_password("a long enough passphrase")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.member == member
    assert AuditEvent.objects.filter(action="invitation.accepted", actor=member).exists()


def test_the_invitation_email_carries_the_link_on_the_base_url(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.SECONDROUND_BASE_URL = "https://hiring.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        _, raw = invite(cast)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zoe@new.test"]
    assert f"https://hiring.example.com/invitations/{raw}/" in message.body
    assert invitation_link(raw) == f"https://hiring.example.com/invitations/{raw}/"


def test_a_used_invitation_cannot_be_used_again(cast):
    _, raw = invite(cast)
    do_accept_invitation(raw, "first passphrase here")
    with pytest.raises(ActionError, match="already been used"):
        do_accept_invitation(raw, "second passphrase here")
    assert Member.objects.filter(user__email="zoe@new.test").count() == 1


def test_an_expired_invitation_is_refused(cast):
    invitation, raw = invite(cast)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ActionError, match="expired"):
        do_accept_invitation(raw, "a long enough passphrase")
    assert not Member.objects.filter(user__email="zoe@new.test").exists()


@override_settings(SECONDROUND_INVITATION_DAYS=2)
def test_the_expiry_is_configurable(cast):
    invitation, _ = invite(cast)
    assert abs(invitation.expires_at - (timezone.now() + timedelta(days=2))) < timedelta(minutes=1)


def test_a_revoked_invitation_is_refused_and_cannot_be_resent(cast):
    invitation, raw = invite(cast)
    do_revoke_invitation(cast.alice, invitation)
    with pytest.raises(ActionError, match="withdrawn"):
        do_accept_invitation(raw, "a long enough passphrase")
    with pytest.raises(ActionError, match="revoked"):
        do_resend_invitation(cast.alice, invitation)


def test_resending_kills_the_old_link_and_renews_the_expiry(cast):
    invitation, old = invite(cast)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    invitation, new = do_resend_invitation(cast.alice, invitation, send_email=False)
    assert new != old and invitation.expires_at > timezone.now() + timedelta(days=6)
    with pytest.raises(ActionError, match="not valid"):
        do_accept_invitation(old, "a long enough passphrase")
    assert do_accept_invitation(new, "a long enough passphrase").email == "zoe@new.test"


def test_someone_in_another_organisation_cannot_be_invited(cast):
    with pytest.raises(ActionError, match="another organisation") as refused:
        invite(cast, email="oscar@globex.test")
    assert refused.value.field == "email"
    assert not Invitation.objects.exists()


def test_a_member_cannot_be_invited_again(cast):
    with pytest.raises(ActionError, match="already a member of Acme Test"):
        invite(cast, email="IVY@acme-test.test")


def test_one_pending_invitation_per_address(cast):
    invite(cast)
    with pytest.raises(ActionError, match="pending invitation"):
        invite(cast)


def test_accepting_after_joining_another_organisation_is_refused(cast):
    _, raw = invite(cast)
    _, globex_raw = do_invite_member(
        cast.oscar, cast.globex, email="zoe@new.test", display_name="Zoe", roles={"approver"}
    )
    do_accept_invitation(globex_raw, "a long enough passphrase")
    with pytest.raises(ActionError, match="another organisation"):
        do_accept_invitation(raw, "another passphrase")


@pytest.mark.parametrize("who", ["harry", "ivy", "vera", "oscar"])
def test_only_an_admin_of_the_organisation_invites(cast, who):
    with pytest.raises(NotAllowed):
        invite(cast, actor=getattr(cast, who))


def test_roles_and_time_zone_are_checked(cast):
    with pytest.raises(ActionError, match="at least one role"):
        invite(cast, roles=())
    with pytest.raises(ActionError, match="Unknown role"):
        invite(cast, roles=("owner",))
    with pytest.raises(ActionError, match="time zone"):
        do_invite_member(
            cast.alice,
            cast.acme,
            email="x@new.test",
            display_name="X",
            roles={"interviewer"},
            timezone="Mars/Olympus",
        )


# --- The accept page ------------------------------------------------------------------


def test_the_page_sets_the_password_signs_in_and_lands_on_home(cast, client):
    _, raw = invite(cast)
    url = reverse("accept_invitation", args=[raw])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Welcome to Acme Test, Zoe Park" in page.content

    response = client.post(
        url, {"new_password1": "correct horse battery", "new_password2": "correct horse battery"}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(response.url)
    assert home.status_code == 200 and home.context["request"].member.email == "zoe@new.test"


def test_the_page_keeps_errors_next_to_the_fields(cast, client):
    _, raw = invite(cast)
    url = reverse("accept_invitation", args=[raw])
    response = client.post(url, {"new_password1": "one passphrase", "new_password2": "other"})
    assert response.status_code == 422
    assert response.context["form"].errors["new_password2"] == ["The two passwords differ."]
    assert not Member.objects.filter(user__email="zoe@new.test").exists()


@override_settings(
    AUTH_PASSWORD_VALIDATORS=[
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    ]
)
def test_the_page_applies_djangos_password_validators(cast, client):
    _, raw = invite(cast)
    url = reverse("accept_invitation", args=[raw])
    response = client.post(url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 422
    assert "too short" in " ".join(response.context["form"].errors["new_password1"])
    with pytest.raises(ActionError, match="too short"):
        do_accept_invitation(raw, "short")


@pytest.mark.parametrize("spoil", ["used", "expired", "revoked", "unknown"])
def test_an_unusable_link_says_why(cast, client, spoil):
    invitation, raw = invite(cast)
    if spoil == "used":
        do_accept_invitation(raw, "a long enough passphrase")
    elif spoil == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif spoil == "revoked":
        do_revoke_invitation(cast.alice, invitation)
    else:
        raw = raw[::-1]
    url = reverse("accept_invitation", args=[raw])
    expected = {
        "used": "already been used",
        "expired": "expired on",
        "revoked": "withdrawn",
        "unknown": "not valid",
    }[spoil]
    for response in (
        client.get(url),
        client.post(url, {"new_password1": "passphrase!", "new_password2": "passphrase!"}),
    ):
        assert response.status_code == 410
        assert expected in response.content.decode()
