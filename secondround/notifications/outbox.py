"""The outbox: notifications are recorded with their unique key, then delivered.

Recording happens inside the transaction of the change it reports (a write function), so a
notification exists exactly when the change does. Delivery runs after the commit, in a
django-tasks task (`tasks.deliver_notification`), or in `send_due_notifications` for
anything a lost task left behind.

Idempotency: delivery first claims the row with a conditional UPDATE (pending -> sending), so
of two workers or a retried task only one goes on; the row is marked sent after the SMTP
hand-off. A process that dies between the hand-off and the mark leaves the row "sending";
the sweep gives it back after STALE_AFTER, so such a crash can send that e-mail once more.
"""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from secondround.notifications.models import Kind, Notification, Status, wants

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
STALE_AFTER = timedelta(minutes=15)


def record(
    kind: str,
    target,
    email: str,
    version,
    *,
    organisation_id: int,
    member=None,
    interview=None,
) -> Notification | None:
    """Record a notification unless its key exists, or the member muted its kind or left.
    Returns the new row, or None when there is nothing new to send."""
    if not email:
        return None
    if member is not None and (not member.active or not wants(member, kind)):
        return None
    key = {
        "kind": kind,
        "target_type": target._meta.label_lower,
        "target_id": target.pk,
        "recipient_email": email.strip().lower(),
        "version": str(version),
    }
    if Notification.objects.filter(**key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                **key,
                organisation_id=organisation_id,
                recipient_member=member,
                interview=interview,
            )
    except IntegrityError:  # recorded meanwhile by a concurrent transaction
        return None


def deliver_after_commit(notifications: list[Notification | None]) -> None:
    """Queue each new notification's delivery once the current transaction commits."""
    ids = [n.pk for n in notifications if n is not None]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids: list[int]) -> None:
    from secondround.notifications.tasks import deliver_notification

    for pk in ids:
        try:
            deliver_notification.enqueue(pk)
        except Exception:  # the sweep (send_due_notifications) will deliver it
            log.exception("could not queue notification %s", pk)


def _claim(pk: int, now: datetime) -> bool:
    """pending -> sending, for one caller only (a conditional UPDATE is atomic)."""
    claimed = Notification.objects.filter(pk=pk, status=Status.PENDING).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def deliver(pk: int, now: datetime | None = None) -> bool:
    """Send one recorded notification. Returns whether an e-mail went out."""
    from secondround.notifications.compose import Skip, compose

    now = now or timezone.now()
    if not _claim(pk, now):
        return False
    notification = Notification.objects.select_related("recipient_member__user").get(pk=pk)
    try:
        message = compose(notification, now)
        message.send()
    except Skip as reason:
        Notification.objects.filter(pk=pk).update(status=Status.SKIPPED, last_error=str(reason))
        return False
    except Exception as error:
        log.exception("sending notification %s failed", pk)
        retry = notification.attempts < MAX_ATTEMPTS
        Notification.objects.filter(pk=pk, status=Status.SENDING).update(
            status=Status.PENDING if retry else Status.FAILED, last_error=repr(error)[:500]
        )
        return False
    Notification.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), subject=message.subject[:250], last_error=""
    )
    return True


def deliver_due(now: datetime | None = None) -> int:
    """Deliver what is waiting: rows no task delivered, failed sends still worth a retry, and
    rows left "sending" by a process that died (which may send one e-mail twice)."""
    now = now or timezone.now()
    Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_AFTER).update(
        status=Status.PENDING
    )
    waiting = Notification.objects.filter(
        Q(status=Status.PENDING) & Q(attempts__lt=MAX_ATTEMPTS)
    ).values_list("pk", flat=True)
    return sum(deliver(pk, now) for pk in list(waiting))


__all__ = ["Kind", "deliver", "deliver_after_commit", "deliver_due", "record"]
