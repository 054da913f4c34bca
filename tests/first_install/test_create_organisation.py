"""`create_organisation`: the organisation, its first admin, and a one-time link."""

import getpass
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from secondround.accounts.models import Invitation, Member, Organisation

pytestmark = pytest.mark.django_db


def create(*argv):
    out, err = StringIO(), StringIO()
    call_command("create_organisation", *argv, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_creates_the_organisation_and_prints_a_one_time_link(settings):
    settings.SECONDROUND_BASE_URL = "https://hiring.example.com"
    link, note = create("Acme", "--admin", "Boss@Acme.test", "--name", "Bea Boss")

    organisation = Organisation.objects.get(slug="acme")
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "boss@acme.test" and invitation.roles == ["admin"]
    assert invitation.display_name == "Bea Boss"
    assert link.startswith("https://hiring.example.com/invitations/")
    assert "\n" not in link and "boss@acme.test" in note

    client = Client()
    path = link.removeprefix("https://hiring.example.com")
    response = client.post(path, {"new_password1": "s3cret pass", "new_password2": "s3cret pass"})
    assert response.status_code == 302
    admin = Member.objects.get(user__email="boss@acme.test")
    assert admin.roles == {"admin"} and admin.organisation == organisation
    assert client.get("/team/").status_code == 200


def test_it_refuses_to_run_twice_for_the_same_admin():
    link, _ = create("Acme", "--admin", "boss@acme.test")
    with pytest.raises(CommandError, match="already waiting"):
        create("Acme", "--admin", "boss@acme.test")
    Client().post(
        link.removeprefix(settings.SECONDROUND_BASE_URL),
        {"new_password1": "s3cret pass", "new_password2": "s3cret pass"},
    )
    with pytest.raises(CommandError, match="already a member of Acme"):
        create("Acme", "--admin", "boss@acme.test")
    assert Organisation.objects.count() == 1 and Member.objects.count() == 1


def test_it_refuses_an_admin_who_is_already_a_member(cast):
    with pytest.raises(CommandError, match="already a member of Acme Test"):
        create("Elsewhere", "--admin", "alice@acme-test.test")
    assert not Organisation.objects.filter(name="Elsewhere").exists()


def test_it_refuses_a_taken_short_name():
    create("Acme", "--admin", "boss@acme.test")
    with pytest.raises(CommandError, match="short name 'acme' exists"):
        create("ACME", "--admin", "other@acme.test")
    assert not Invitation.objects.filter(email="other@acme.test").exists()


def test_a_slug_can_be_given():
    create("Acme Robotics Europe", "--admin", "boss@acme.test", "--slug", "acme-eu")
    assert Organisation.objects.get().slug == "acme-eu"


def test_the_password_prompt_asks_twice(monkeypatch):
    # getpass reads the terminal, which a test has not got: give it the typed answers.
    typed = iter(["typed passphrase", "typed passphrase"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    link, note = create("Acme", "--admin", "boss@acme.test", "--password-prompt")
    assert link == "" and "Sign in at" in note
    assert Client().login(username="boss@acme.test", password="typed passphrase")
    assert not Invitation.objects.exists()


def test_the_password_prompt_refuses_two_different_answers(monkeypatch):
    typed = iter(["one passphrase", "another one"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    with pytest.raises(CommandError, match="differ"):
        create("Acme", "--admin", "boss@acme.test", "--password-prompt")
    assert not Organisation.objects.exists()


def test_the_password_prompt_applies_the_password_validators(monkeypatch, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}
    ]
    typed = iter(["short", "short"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    with pytest.raises(CommandError, match="too short"):
        create("Acme", "--admin", "boss@acme.test", "--password-prompt")
    assert not Organisation.objects.exists()


def test_a_lost_first_link_can_be_replaced():
    old, _ = create("Acme", "--admin", "boss@acme.test")
    out, err = StringIO(), StringIO()
    call_command("resend_invitation", "boss@acme.test", stdout=out, stderr=err)
    new = out.getvalue().strip()
    assert new != old and "/invitations/" in new and "no longer works" in err.getvalue()
    base = settings.SECONDROUND_BASE_URL
    dead = Client().get(old.removeprefix(base))
    assert dead.status_code == 410
    assert Client().get(new.removeprefix(base)).status_code == 200
    with pytest.raises(CommandError, match="No invitation"):
        call_command("resend_invitation", "nobody@acme.test")
