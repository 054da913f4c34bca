"""Write functions for webhooks: admins subscribe URLs, change, disable and delete them,
rotate their secrets, choose the organisation's webhook settings, and send a delivery again.
Each is one transaction and one audit event (which never holds the secret)."""

import secrets

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.webhooks.emit import send_after_commit
from secondround.webhooks.models import (
    Delivery,
    DeliveryStatus,
    Event,
    Subscription,
    WebhookSettings,
    settings_of,
)
from secondround.webhooks.targets import resolve

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(32)


def ensure_admin(member: Member) -> None:
    if member is None or not member.is_admin:
        raise NotAllowed("Only admins manage webhooks.")


def _ensure_manages(member: Member, subscription: Subscription) -> None:
    ensure_admin(member)
    if subscription.organisation_id != member.organisation_id:
        raise NotAllowed("That webhook belongs to another organisation.")


def _clean(
    member: Member, url: str, events: list[str], *, check_target: bool = True
) -> tuple[str, list[str]]:
    url = (url or "").strip()
    if not url:
        raise ActionError("Give the URL to send events to.", "url")
    if len(url) > 500:
        raise ActionError("Keep the URL under 500 characters.", "url")
    unknown = [e for e in events if e not in Event.values]
    if unknown:
        raise ActionError(f"Unknown event: {unknown[0]}.", "events")
    if not events:
        raise ActionError("Choose at least one event.", "events")
    if check_target:  # a disabled webhook sends nothing: disabling it always works
        resolve(url, allow_private=settings_of(member.organisation_id).allow_private_targets)
    return url, [e for e in Event.values if e in events]  # in the catalogue's order


@transaction.atomic
def do_create_subscription(
    member: Member, *, url: str, events: list[str], description: str = ""
) -> Subscription:
    """Subscribe ``url`` to ``events``. The new secret is on the returned object: show it once."""
    ensure_admin(member)
    url, events = _clean(member, url, events)
    subscription = Subscription.objects.create(
        organisation_id=member.organisation_id,
        url=url,
        events=events,
        description=description.strip(),
        secret=new_secret(),
        created_by=member,
    )
    record(member, "webhook.created", subscription, url=url, events=events)
    return subscription


@transaction.atomic
def do_update_subscription(
    member: Member,
    subscription: Subscription,
    *,
    url: str,
    events: list[str],
    description: str = "",
    active: bool = True,
) -> Subscription:
    """Change the URL, events or description; ``active=False`` disables it (nothing is sent
    to it, and its waiting retries stop)."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    _ensure_manages(member, subscription)
    url, events = _clean(member, url, events, check_target=active)
    before = {
        "url": subscription.url,
        "events": subscription.events,
        "description": subscription.description,
        "active": subscription.active,
    }
    subscription.url, subscription.events = url, events
    subscription.description, subscription.active = description.strip(), active
    subscription.save()
    changed = sorted(k for k, v in before.items() if getattr(subscription, k) != v)
    if changed:
        record(member, "webhook.updated", subscription, fields=changed, active=active)
    return subscription


@transaction.atomic
def do_rotate_secret(member: Member, subscription: Subscription) -> Subscription:
    """A new signing secret; the old one stops working at once."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    _ensure_manages(member, subscription)
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret"])
    record(member, "webhook.secret_rotated", subscription)
    return subscription


@transaction.atomic
def do_delete_subscription(member: Member, subscription: Subscription) -> None:
    """Delete the subscription and its delivery log."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    _ensure_manages(member, subscription)
    record(member, "webhook.deleted", subscription, url=subscription.url)
    subscription.delete()


@transaction.atomic
def do_save_webhook_settings(member: Member, *, allow_private_targets: bool) -> WebhookSettings:
    ensure_admin(member)
    found, _ = WebhookSettings.objects.select_for_update().get_or_create(
        organisation_id=member.organisation_id
    )
    if found.allow_private_targets != allow_private_targets:
        found.allow_private_targets = allow_private_targets
        found.save(update_fields=["allow_private_targets"])
        record(
            member,
            "webhook.settings_changed",
            found,
            allow_private_targets=allow_private_targets,
        )
    return found


@transaction.atomic
def do_send_again(member: Member, delivery: Delivery) -> Delivery:
    """A new attempt at a delivery, now, with the same delivery id and body (the receiver
    may drop it as a duplicate, if it took the first). Retries follow as for any attempt."""
    delivery = (
        Delivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
    )
    _ensure_manages(member, delivery.subscription)
    if not delivery.subscription.active:
        raise ActionError("This webhook is disabled: enable it before sending again.")
    if delivery.status == DeliveryStatus.SENDING:
        raise ActionError("This delivery is being sent right now.")
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.resend_by = member
    delivery.save(update_fields=["status", "next_attempt_at", "resend_by"])
    record(
        member,
        "webhook.sent_again",
        delivery,
        subscription=delivery.subscription_id,
        delivery=str(delivery.uuid),
    )
    send_after_commit([delivery.pk])
    return delivery
