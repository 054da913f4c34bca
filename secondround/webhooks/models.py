"""Webhooks: an organisation's subscriptions (a URL, the events it wants, a signing secret),
the organisation's webhook settings, and the delivery log (one row per event sent to one
subscription, with every attempt to send it).

Only admins see any of it: subscriptions hold the signing secret, and the log shows what left
the system and where to.
"""

import uuid

from django.db import models

from secondround.accounts.models import Member, Organisation


class Event(models.TextChoices):
    """The events a subscription may ask for; docs/api.md describes each payload."""

    CANDIDATE_CREATED = "candidate.created", "A candidate was added"
    STAGE_CHANGED = "application.stage_changed", "An application moved to another stage"
    INTERVIEW_SCHEDULED = "interview.scheduled", "An interview was scheduled"
    SCORECARD_SUBMITTED = "scorecard.submitted", "A scorecard was submitted"
    CONCERN_RESOLVED = "concern.resolved", "A concern was closed"
    DECISION_PROPOSED = "decision.proposed", "A decision was proposed"
    DECISION_MADE = "decision.made", "A decision was approved or rejected"
    CANDIDATE_WITHDREW = "candidate.withdrew", "A candidate withdrew"


class AdminOnlyQuerySet(models.QuerySet):
    """Admins of the organisation see its rows; nobody else sees any."""

    def visible_to(self, member: Member | None):
        if member is None or not member.is_admin:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class WebhookSettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="webhook_settings"
    )
    # Off by default: webhook URLs must be https and reach a public address. On, they may be
    # plain http and point at private, loopback or link-local addresses (an internal
    # receiver, or a test's receiver on 127.0.0.1). This opens the server's own network to
    # whoever is admin here, so only an admin turns it on, and it is audited.
    allow_private_targets = models.BooleanField(default=False)

    objects = AdminOnlyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Webhook settings of {self.organisation}"


def settings_of(organisation_id: int) -> WebhookSettings:
    """The organisation's settings, the defaults when it never saved any (not stored)."""
    found = WebhookSettings.objects.filter(organisation_id=organisation_id).first()
    return found or WebhookSettings(organisation_id=organisation_id)


class Subscription(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.CharField(max_length=500)  # checked by targets.resolve, not a URLField
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)  # Event values
    # Needed as it is to sign (HMAC), so stored as it is; shown once to the admin who
    # created or rotated it.
    secret = models.CharField(max_length=80)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url

    @property
    def secret_hint(self) -> str:
        """Enough to tell two secrets apart, not enough to sign with."""
        return f"{self.secret[:6]}…{self.secret[-4:]}"

    def event_labels(self) -> list[str]:
        return [e for e in Event.values if e in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed, no more retries"


class Delivery(models.Model):
    """One event for one subscription. ``uuid`` is the delivery id the receiver sees (in the
    body and the Secondround-Delivery header): the same on every attempt, so that a receiver
    can drop a duplicate."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    body = models.TextField()  # the exact JSON sent, so that every attempt sends the same
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    resend_by = models.ForeignKey(  # who asked to send it again, until that attempt is made
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event} {self.uuid}"


class AttemptQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None):
        if member is None or not member.is_admin:
            return self.none()
        return self.filter(delivery__organisation_id=member.organisation_id)


class Attempt(models.Model):
    """One try at sending a delivery, with what came back."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_snippet = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(  # who pressed "Send again", for a manual attempt
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
