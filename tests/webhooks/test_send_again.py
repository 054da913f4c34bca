"""The delivery log shows every attempt, and "Send again" makes a new attempt with the same
delivery id, from the page, for admins of the organisation only."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.actions import do_add_candidate
from secondround.webhooks.actions import do_send_again, do_update_subscription
from secondround.webhooks.models import Delivery, DeliveryStatus
from tests.conftest import login


@pytest.fixture
def delivered(hooked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    hooked.delivery = Delivery.objects.get(event="candidate.created")
    assert hooked.delivery.status == DeliveryStatus.SUCCEEDED
    return hooked


def test_send_again_from_the_log_page(delivered, client, django_capture_on_commit_callbacks):
    delivery = delivered.delivery
    login(client, delivered.alice)
    log = client.get(f"/settings/webhooks/{delivered.subscription.pk}/deliveries/")
    assert log.status_code == 200
    assert str(delivery.uuid).encode() in log.content and b"Send again" in log.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/settings/webhooks/deliveries/{delivery.pk}/send-again/")
    assert response.status_code == 302

    got = delivered.receiver.events("candidate.created")
    assert len(got) == 2 and all(m.valid for m in got)
    assert got[0].delivery_id == got[1].delivery_id == str(delivery.uuid)
    assert got[0].body == got[1].body
    delivery.refresh_from_db()
    attempts = list(delivery.attempt_log.all())
    assert [a.number for a in attempts] == [1, 2]
    assert attempts[1].requested_by == delivered.alice and attempts[0].requested_by is None
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.resend_by is None
    assert AuditEvent.objects.filter(action="webhook.sent_again", target_id=delivery.pk).exists()
    page = client.get(f"/settings/webhooks/{delivered.subscription.pk}/deliveries/")
    assert page.status_code == 200 and b"sent again by Alice" in page.content


def test_send_again_after_giving_up(delivered, django_capture_on_commit_callbacks):
    """A failed delivery (no more retries) can still be sent again by hand."""
    Delivery.objects.filter(pk=delivered.delivery.pk).update(status=DeliveryStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        do_send_again(delivered.alice, delivered.delivery)
    delivered.delivery.refresh_from_db()
    assert delivered.delivery.status == DeliveryStatus.SUCCEEDED
    assert len(delivered.receiver.received) == 2


def test_only_admins_of_the_organisation_send_again(delivered, client):
    for member in (delivered.harry, delivered.ivy):
        with pytest.raises(NotAllowed):
            do_send_again(member, delivered.delivery)
        client.force_login(member.user)
        url = f"/settings/webhooks/deliveries/{delivered.delivery.pk}/send-again/"
        assert client.post(url).status_code == 403
    login(client, delivered.oscar)
    assert client.post(url).status_code == 404
    with pytest.raises(NotAllowed):
        do_send_again(delivered.oscar, delivered.delivery)
    assert delivered.delivery.attempt_log.count() == 1


def test_a_disabled_webhook_is_not_sent_again(delivered):
    sub = delivered.subscription
    do_update_subscription(delivered.alice, sub, url=sub.url, events=sub.events, active=False)
    with pytest.raises(ActionError, match="disabled"):
        do_send_again(delivered.alice, delivered.delivery)
