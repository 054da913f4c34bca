"""The webhook pages are for admins only (a table over every role), another organisation's
webhook is a 404, and the pages do what they say: add (secret shown once), edit, disable,
rotate, delete, settings."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.webhooks.models import Subscription, settings_of
from tests.conftest import add_member, login

PAGES = [
    "/settings/webhooks/",
    "/settings/webhooks/new/",
    "/settings/webhooks/{pk}/",
    "/settings/webhooks/{pk}/deliveries/",
    "/settings/webhooks/{pk}/delete/",
]
ROLES = [  # who, and what each page answers them
    ("alice", 200),  # admin + recruiter
    ("ada", 200),  # admin only
    ("rita", 403),  # recruiter
    ("harry", 403),  # hiring manager
    ("ivy", 403),  # interviewer
    ("vera", 403),  # approver
]


@pytest.fixture
def people(hooked):
    hooked.ada = add_member(hooked.acme, "ada", "admin")
    hooked.rita = add_member(hooked.acme, "rita", "recruiter")
    return hooked


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("who", "status"), ROLES)
def test_admins_only(people, client, page, who, status):
    login(client, getattr(people, who))
    response = client.get(page.format(pk=people.subscription.pk))
    assert response.status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_goes_to_the_login_page(hooked, client, page):
    response = client.get(page.format(pk=hooked.subscription.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "action",
    [
        "/settings/webhooks/{pk}/",
        "/settings/webhooks/{pk}/rotate/",
        "/settings/webhooks/{pk}/delete/",
        "/settings/webhooks/{pk}/deliveries/",
    ],
)
def test_another_organisations_webhook_is_a_404(hooked, client, action):
    login(client, hooked.oscar)  # Globex's admin
    url = action.format(pk=hooked.subscription.pk)
    assert client.get(url).status_code in (404, 405)
    assert (
        client.post(url, {"url": "https://93.184.215.14/", "events": ["decision.made"]}).status_code
        == 404
    )
    assert Subscription.objects.filter(pk=hooked.subscription.pk, url=hooked.receiver.url).exists()


def test_the_team_page_links_to_webhooks(cast, client):
    response = login(client, cast.alice).get("/team/")
    assert response.status_code == 200 and b'href="/settings/webhooks/"' in response.content


def test_list_shows_the_subscriptions(hooked, client):
    response = login(client, hooked.alice).get("/settings/webhooks/")
    assert response.status_code == 200
    assert hooked.receiver.url.encode() in response.content
    assert hooked.subscription.secret.encode() not in response.content


def test_add_shows_the_secret_once(cast, client):
    login(client, cast.alice)
    response = client.post(
        "/settings/webhooks/new/",
        {"url": "https://93.184.215.14/in", "events": ["candidate.created", "decision.made"]},
    )
    assert response.status_code == 200
    made = Subscription.objects.get(organisation=cast.acme)
    assert made.secret.startswith("whsec_") and made.secret.encode() in response.content
    assert made.events == ["candidate.created", "decision.made"]
    again = client.get(f"/settings/webhooks/{made.pk}/")
    assert again.status_code == 200 and made.secret.encode() not in again.content
    assert made.secret[-4:].encode() in again.content  # the hint, to tell secrets apart
    event = AuditEvent.objects.get(action="webhook.created")
    assert made.secret not in str(event.data)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.215.14/in", "must start with https://"),
        ("https://127.0.0.1/in", "private, loopback"),
        ("https://localhost/in", "private, loopback"),
    ],
)
def test_add_refuses_a_url_the_rule_refuses(cast, client, url, message):
    response = login(client, cast.alice).post(
        "/settings/webhooks/new/", {"url": url, "events": ["decision.made"]}
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not Subscription.objects.exists()


def test_add_needs_an_event(cast, client):
    response = login(client, cast.alice).post(
        "/settings/webhooks/new/", {"url": "https://93.184.215.14/in"}
    )
    assert response.status_code == 422 and not Subscription.objects.exists()


def test_edit_and_disable(hooked, client):
    sub = hooked.subscription
    response = login(client, hooked.alice).post(
        f"/settings/webhooks/{sub.pk}/",
        {"url": sub.url, "events": ["decision.made"], "description": "HR"},  # active unticked
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.events, sub.description, sub.active) == (["decision.made"], "HR", False)
    assert AuditEvent.objects.filter(action="webhook.updated", target_id=sub.pk).exists()
    listing = client.get("/settings/webhooks/")
    assert listing.status_code == 200 and b"Disabled" in listing.content


def test_rotate_makes_a_new_secret_shown_once(hooked, client):
    sub = hooked.subscription
    old = sub.secret
    response = login(client, hooked.alice).post(f"/settings/webhooks/{sub.pk}/rotate/")
    sub.refresh_from_db()
    assert response.status_code == 200 and sub.secret != old
    assert sub.secret.encode() in response.content
    assert AuditEvent.objects.filter(action="webhook.secret_rotated", target_id=sub.pk).exists()


def test_delete_asks_then_deletes(hooked, client):
    sub = hooked.subscription
    login(client, hooked.alice)
    ask = client.get(f"/settings/webhooks/{sub.pk}/delete/")
    assert ask.status_code == 200 and b"Delete the webhook" in ask.content
    assert client.post(f"/settings/webhooks/{sub.pk}/delete/").status_code == 302
    assert not Subscription.objects.filter(pk=sub.pk).exists()
    assert AuditEvent.objects.filter(action="webhook.deleted", target_id=sub.pk).exists()


def test_settings_form_allows_private_targets(cast, client):
    response = login(client, cast.alice).post(
        "/settings/webhooks/options/", {"allow_private_targets": "on"}
    )
    assert response.status_code == 302
    assert settings_of(cast.acme.pk).allow_private_targets is True
    event = AuditEvent.objects.get(action="webhook.settings_changed")
    assert event.data == {"allow_private_targets": True}


@pytest.mark.parametrize(("who", "status"), ROLES)
def test_settings_form_is_admins_only(people, client, who, status):
    login(client, getattr(people, who))
    response = client.post("/settings/webhooks/options/", {})
    assert response.status_code == (302 if status == 200 else 403)


def test_the_admin_site_shows_webhooks_read_only_without_the_secret(hooked, client):
    sub = hooked.subscription
    page = login(client, hooked.alice).get(f"/admin/webhooks/subscription/{sub.pk}/change/")
    assert page.status_code == 200 and sub.url.encode() in page.content
    assert sub.secret.encode() not in page.content
    assert client.get("/admin/webhooks/delivery/").status_code == 200
    client.logout()
    other = login(client, hooked.oscar).get(f"/admin/webhooks/subscription/{sub.pk}/change/")
    assert other.status_code == 404
