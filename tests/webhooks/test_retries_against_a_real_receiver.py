"""A real receiver on 127.0.0.1 answers 500, then 200: the retry comes with the same
delivery id and a valid signature, after the backoff, and both attempts are logged."""

from datetime import timedelta

from django.utils import timezone

from secondround.hiring.actions import do_add_candidate
from secondround.webhooks.models import Delivery, DeliveryStatus
from secondround.webhooks.sending import deliver_due, retry_delay


def test_a_500_is_retried_with_the_same_delivery_id(hooked, django_capture_on_commit_callbacks):
    receiver = hooked.receiver
    receiver.answers.extend([500])
    with django_capture_on_commit_callbacks(execute=True):
        candidate = do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")

    first = receiver.events("candidate.created")
    assert len(first) == 1 and first[0].valid
    assert first[0].json["data"]["candidate_id"] == candidate.pk
    delivery = Delivery.objects.get(uuid=first[0].delivery_id)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    due = delivery.next_attempt_at - delivery.attempt_log.get().started_at
    assert due == retry_delay(1) == timedelta(minutes=1)

    # Not before its time...
    assert deliver_due(timezone.now()) == 0
    assert len(receiver.events("candidate.created")) == 1
    # ...then the retry, with the same id and body, freshly signed.
    assert deliver_due(timezone.now() + timedelta(minutes=1, seconds=5)) == 1
    both = receiver.events("candidate.created")
    assert len(both) == 2 and both[1].valid
    assert both[1].delivery_id == both[0].delivery_id == both[1].json["id"]
    assert both[1].body == both[0].body
    assert both[1].headers["Secondround-Event"] == "candidate.created"

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.next_attempt_at is None
    log = list(delivery.attempt_log.all())
    assert [a.status_code for a in log] == [500, 200]
    assert log[0].response_snippet == "receiver broke" and log[1].response_snippet == "thanks"
    assert all(a.duration_ms >= 0 and a.error == "" for a in log)


def test_backoff_grows_and_gives_up(hooked, django_capture_on_commit_callbacks):
    receiver = hooked.receiver
    receiver.answers.extend([503] * 10)
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    delivery = Delivery.objects.get(event="candidate.created")
    waits = []
    while delivery.status == DeliveryStatus.PENDING:
        waits.append(delivery.next_attempt_at - delivery.attempt_log.last().started_at)
        deliver_due(delivery.next_attempt_at)
        delivery.refresh_from_db()
    assert waits == [timedelta(minutes=m) for m in (1, 5, 25, 125, 625)]
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 6
    assert len(receiver.events("candidate.created")) == 6


def test_an_unreachable_receiver_is_logged_as_an_error(hooked, django_capture_on_commit_callbacks):
    hooked.receiver.close()  # nothing listens on that port any more
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    attempt = Delivery.objects.get(event="candidate.created").attempt_log.get()
    assert attempt.status_code is None and "Could not connect" in attempt.error


def test_the_sweep_command_sends_what_is_due(hooked, django_capture_on_commit_callbacks):
    """send_due_webhooks sends a retry whose time has come (and a lost task's delivery)."""
    from django.core.management import call_command

    hooked.receiver.answers.extend([500])
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_due_webhooks", verbosity=0)
    assert [m.delivery_id for m in hooked.receiver.received] == [
        str(Delivery.objects.get().uuid)
    ] * 2
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED
