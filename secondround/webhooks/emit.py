"""Turning recorded facts into deliveries: the outbox side of webhooks.

Two hook points, both inside the write function's transaction:
- ``on_audit_event``, called by ``audit.log.record`` for every audit event (the write
  functions already record each fact a webhook reports; payloads.FROM_AUDIT maps them);
- ``on_stage_change``, called by ``hiring.application_actions.change_stage``, the one
  function every stage move goes through.

Each one writes a Delivery row per matching subscription in that transaction, and queues the
rows' sending for after the commit. So a write that rolls back leaves no row and sends
nothing, and a committed one is sent even if its task is lost (send_due_webhooks sweeps).
"""

import json
import logging
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from secondround.webhooks.models import Delivery, Event, Subscription
from secondround.webhooks.payloads import FROM_AUDIT, stage_changed

log = logging.getLogger(__name__)


def on_audit_event(event, target) -> list[Delivery]:
    mapped = FROM_AUDIT.get(event.action)
    if mapped is None:
        return []
    name, build = mapped
    subscriptions = subscribers(event.organisation_id, name)
    if not subscriptions:
        return []
    data = build(target, event.data)
    if data is None:
        return []
    return queue(subscriptions, name, event.created_at, data)


def on_stage_change(change, organisation_id: int) -> list[Delivery]:
    subscriptions = subscribers(organisation_id, Event.STAGE_CHANGED)
    if not subscriptions:
        return []
    return queue(subscriptions, Event.STAGE_CHANGED, change.moved_at, stage_changed(change))


def subscribers(organisation_id: int, name: str) -> list[Subscription]:
    active = Subscription.objects.filter(organisation_id=organisation_id, active=True)
    # Filtered here rather than in SQL: JSON "contains" has no SQLite form, and an
    # organisation has a handful of subscriptions.
    return [s for s in active.select_related("organisation") if name in s.events]


def body_for(delivery_id: uuid.UUID, name: str, occurred_at, organisation, data: dict) -> str:
    envelope = {
        "id": str(delivery_id),
        "event": str(name),
        "occurred_at": occurred_at,
        "organisation": organisation.slug,
        "data": data,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, sort_keys=True)


def queue(subscriptions: list[Subscription], name: str, occurred_at, data: dict):
    deliveries = []
    for subscription in subscriptions:
        delivery_id = uuid.uuid4()
        deliveries.append(
            Delivery.objects.create(
                uuid=delivery_id,
                organisation_id=subscription.organisation_id,
                subscription=subscription,
                event=name,
                body=body_for(delivery_id, name, occurred_at, subscription.organisation, data),
                next_attempt_at=occurred_at,
            )
        )
    send_after_commit([d.pk for d in deliveries])
    return deliveries


def send_after_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(ids: list[int], run_after=None) -> None:
    from secondround.webhooks.tasks import send_webhook

    task = send_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # this backend runs tasks at once: send_due_webhooks sends it when due
        task = task.using(run_after=run_after)
    for pk in ids:
        try:
            task.enqueue(pk)
        except Exception:  # send_due_webhooks will send it
            log.exception("could not queue webhook delivery %s", pk)
