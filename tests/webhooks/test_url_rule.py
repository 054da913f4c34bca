"""The SSRF rule: https only, and no private, loopback, link-local or reserved address
(whatever the host name says), unless the organisation allows private targets. Checked when
a webhook is saved and again at every delivery."""

import pytest

from secondround.errors import NotAllowed
from secondround.hiring.actions import do_add_candidate
from secondround.webhooks.actions import (
    do_create_subscription,
    do_save_webhook_settings,
    do_update_subscription,
)
from secondround.webhooks.models import Delivery, Subscription
from secondround.webhooks.targets import TargetRefused, resolve

REFUSED = [
    ("http://93.184.215.14/hook", "https"),  # plain http, even to a public address
    ("ftp://93.184.215.14/hook", "https"),
    ("https://127.0.0.1/hook", "127.0.0.1"),
    ("https://127.1.2.3:8443/hook", "127.1.2.3"),
    ("https://10.1.2.3/hook", "10.1.2.3"),
    ("https://172.16.0.9/hook", "172.16.0.9"),
    ("https://192.168.1.20/hook", "192.168.1.20"),
    ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),  # cloud metadata
    ("https://100.64.0.1/hook", "100.64.0.1"),  # shared address space
    ("https://0.0.0.0/hook", "0.0.0.0"),
    ("https://240.0.0.1/hook", "240.0.0.1"),  # reserved
    ("https://224.0.0.1/hook", "224.0.0.1"),  # multicast
    ("https://[::1]/hook", "::1"),
    ("https://[fe80::1]/hook", "fe80::1"),
    ("https://[fd00::1]/hook", "fd00::1"),
    ("https://[::ffff:127.0.0.1]/hook", "127.0.0.1"),  # IPv4 loopback in IPv6 clothing
    ("https://localhost/hook", "private"),  # a name that resolves to loopback
    ("https://user:pw@93.184.215.14/hook", "user name"),
    ("https:///hook", "no host"),
]


@pytest.mark.parametrize(("url", "said"), REFUSED)
def test_refused_without_the_setting(url, said):
    with pytest.raises(TargetRefused) as refused:
        resolve(url, allow_private=False)
    assert said in refused.value.message and refused.value.field == "url"


def test_a_public_https_address_is_allowed():
    target = resolve("https://93.184.215.14:8443/in?x=1", allow_private=False)
    assert target.addresses == ("93.184.215.14",)
    assert (target.port, target.path, target.host_header) == (8443, "/in?x=1", "93.184.215.14:8443")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/hook", "https://10.1.2.3/", "https://[::1]/", "https://localhost/"],
)
def test_the_setting_allows_private_targets_and_http(url):
    assert resolve(url, allow_private=True).addresses


def test_subscribing_refuses_a_private_url_until_an_admin_allows_it(cast):
    with pytest.raises(TargetRefused):
        do_create_subscription(cast.alice, url="https://10.0.0.5/hook", events=["decision.made"])
    assert not Subscription.objects.exists()
    do_save_webhook_settings(cast.alice, allow_private_targets=True)
    made = do_create_subscription(cast.alice, url="https://10.0.0.5/hook", events=["decision.made"])
    assert made.url == "https://10.0.0.5/hook"


def test_only_admins_allow_private_targets(cast):
    with pytest.raises(NotAllowed):
        do_save_webhook_settings(cast.harry, allow_private_targets=True)


def test_delivery_checks_again(hooked, django_capture_on_commit_callbacks):
    """A URL allowed when saved is refused at delivery once the setting is off (as it would be
    once its host's DNS answer turned private): nothing reaches it, and the log says why."""
    do_save_webhook_settings(hooked.alice, allow_private_targets=False)
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    assert hooked.receiver.received == []
    attempt = Delivery.objects.get(event="candidate.created").attempt_log.get()
    assert attempt.status_code is None and "https" in attempt.error


def test_disabling_works_even_for_a_url_now_refused(hooked):
    do_save_webhook_settings(hooked.alice, allow_private_targets=False)
    sub = hooked.subscription
    with pytest.raises(TargetRefused):
        do_update_subscription(hooked.alice, sub, url=sub.url, events=sub.events, active=True)
    do_update_subscription(hooked.alice, sub, url=sub.url, events=sub.events, active=False)
    sub.refresh_from_db()
    assert sub.active is False
