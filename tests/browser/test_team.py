"""In a real browser: an admin invites a colleague on the Team page; the colleague opens the
link from the e-mail, sets a password and lands on their home page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from secondround.accounts.models import Member
from tests.browser.conftest import PASSWORD, goto

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(transactional_db, settings, live_server):
    settings.SECONDROUND_BASE_URL = live_server.url
    org = do_create_organisation("Team Test", "team-test")
    return do_add_member(
        None,
        org,
        email="ada@team.test",
        display_name="Ada Admin",
        roles={"admin"},
        password=PASSWORD,
    )


def test_an_invitee_sets_a_password_and_lands_on_home(browsing, admin):
    page = browsing.login(admin.email)
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")

    invite = page.locator("#invite-form")
    invite.get_by_label("Name").fill("Ivo Interviewer")
    invite.get_by_label("E-mail").fill("ivo@team.test")
    invite.get_by_label("Job title").fill("Staff Engineer")
    invite.get_by_label("Time zone").select_option("Europe/Lisbon")
    invite.get_by_label("Interviewer").check()
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to ivo@team.test")
    expect(page.locator(".invitations")).to_contain_text("Ivo Interviewer")

    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/invitations/\S+/", mail.outbox[0].body).group(0)

    invitee = browsing.new_page()
    goto(invitee, link)
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Welcome to Team Test")
    invitee.get_by_label(re.compile(r"^New password:?$")).fill("a long passphrase")
    invitee.get_by_label("New password again").fill("a long passphrase")
    invitee.get_by_role("button", name="Set password and sign in").click()
    invitee.wait_for_url(re.compile(r"/$"))
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Ivo")
    expect(invitee.locator("header .who")).to_contain_text("Ivo Interviewer · Team Test")

    member = Member.objects.get(user__email="ivo@team.test")
    assert member.roles == {"interviewer"} and member.timezone == "Europe/Lisbon"
    # The link was single use.
    goto(invitee, link, status=410)
    # And the admin's Team page now lists Ivo as a member, no longer as invited.
    goto(page, "/team/")
    expect(page.locator("table.team")).to_contain_text("Ivo Interviewer")
    expect(page.locator("#invitations-heading + p")).to_contain_text("No invitation")
