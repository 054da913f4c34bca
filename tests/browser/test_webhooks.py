"""In a real browser: an admin finds Webhooks from the Team page, allows private targets,
adds a webhook to a receiver on 127.0.0.1 and sees its secret once; a new candidate sends an
event the receiver verifies; the delivery log shows it, and "Send again" sends it once more
with the same delivery id. axe checks every page on the way."""

import pytest
from playwright.sync_api import expect

from secondround.accounts.actions import do_add_member, do_create_organisation
from secondround.hiring.actions import do_add_candidate
from secondround.webhooks.models import Subscription
from tests.browser.conftest import PASSWORD
from tests.webhooks.conftest import Receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(transactional_db, live_server):
    org = do_create_organisation("Hook Test", "hook-test")
    return do_add_member(
        None, org, email="ada@hook.test", display_name="Ada Admin", roles={"admin", "recruiter"},
        password=PASSWORD,
    )  # fmt: skip


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


def test_an_admin_adds_a_webhook_and_sends_a_delivery_again(browsing, admin, receiver):
    page = browsing.login(admin.email)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")

    page.get_by_label("Allow http and private-network URLs").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Webhook settings saved")

    page.get_by_role("link", name="Add a webhook").click()
    form = page.locator("#webhook-form")
    form.get_by_label("URL").fill(receiver.url)
    form.get_by_label("Description").fill("Our HR system")
    form.get_by_label("candidate.created", exact=False).check()
    form.get_by_role("button", name="Add webhook").click()
    secret = page.locator("#webhook-secret").inner_text()
    assert secret == Subscription.objects.get().secret and secret.startswith("whsec_")
    receiver.secret = secret

    do_add_candidate(admin, name="Mia Chen", email="mia@example.com")
    assert [m.valid for m in receiver.events("candidate.created")] == [True]

    page.get_by_role("link", name="Delivery log").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery log")
    expect(page.locator(".deliveries")).to_contain_text("candidate.created")
    page.get_by_role("button", name="Send again").click()
    expect(page.get_by_role("status")).to_contain_text("sent again")
    expect(page.locator(".attempts tbody tr")).to_have_count(2)
    expect(page.locator(".attempts")).to_contain_text("sent again by Ada Admin")
    got = receiver.events("candidate.created")
    assert len(got) == 2 and got[0].delivery_id == got[1].delivery_id and got[1].valid
