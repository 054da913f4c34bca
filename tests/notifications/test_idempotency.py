"""Each notification has a unique key, recorded before sending and marked sent after: running
the sender twice, retrying a task, or a second worker never sends a sent key again."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from secondround.notifications.management.commands.send_due_notifications import send_due
from secondround.notifications.models import Notification, Status
from secondround.notifications.outbox import STALE_AFTER, deliver, deliver_due, record
from secondround.notifications.tasks import deliver_notification


def test_the_sender_run_twice_sends_one_email(cast, mailoutbox):
    later = cast.luis_r1.ends_at + timedelta(hours=3)
    send_due(later)
    sent = len(mailoutbox)
    assert sent == 4  # Ivy and Ian, for Dana's and Luis's interviews
    send_due(later)
    send_due(later + timedelta(minutes=5))
    assert len(mailoutbox) == sent


def test_a_retried_task_does_not_send_again(dana_r2, cast, mailoutbox):
    row = Notification.objects.get(interview=dana_r2, recipient_email=cast.ivy.email)
    assert row.status == Status.SENT and row.sent_at is not None
    mailoutbox.clear()
    deliver_notification.enqueue(row.pk)  # ImmediateBackend: runs now, as a retry would
    assert deliver(row.pk) is False
    assert mailoutbox == []


def test_a_key_already_recorded_is_not_recorded_again(dana_r2, cast):
    args = ("interview_invitation", dana_r2, cast.ivy.email, 0)
    assert record(*args, organisation_id=cast.acme.pk, member=cast.ivy) is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            organisation=cast.acme,
            kind="interview_invitation",
            target_type="hiring.interview",
            target_id=dana_r2.pk,
            recipient_email=cast.ivy.email,
            version="0",
        )


def test_of_two_workers_only_the_one_that_claims_the_row_sends(cast, mailoutbox):
    """A second worker finds the row already claimed ("sending") and leaves it alone."""
    [row, *_] = record_reminders(cast)
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    assert deliver(row.pk) is False
    assert deliver_due() == 3  # the other three rows, not the claimed one
    assert len(mailoutbox) == 3


def test_a_crash_after_the_smtp_handoff_sends_once_more_after_the_stale_delay(cast, mailoutbox):
    """The documented exception: a row left "sending" goes back to the queue after
    STALE_AFTER, so its e-mail may go out a second time, then never again."""
    [row, *_] = record_reminders(cast)
    crashed_at = timezone.now()
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=crashed_at)
    deliver_due(crashed_at + STALE_AFTER - timedelta(seconds=1))
    assert Notification.objects.get(pk=row.pk).status == Status.SENDING
    deliver_due(crashed_at + STALE_AFTER + timedelta(seconds=1))
    assert Notification.objects.get(pk=row.pk).status == Status.SENT
    deliver_due(crashed_at + 2 * STALE_AFTER)
    assert [m.to[0] for m in mailoutbox].count(row.recipient_email) == 2  # both interviews


def record_reminders(cast):
    from secondround.notifications.reminders import record_due_reminders

    return sorted(
        record_due_reminders(cast.luis_r1.ends_at + timedelta(hours=3)), key=lambda n: n.pk
    )
