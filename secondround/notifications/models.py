"""What secondround sends, and to whom: the delivery log (an outbox with one row per e-mail),
each interview's calendar identity, each member's choice of notifications and calendar feed.
"""

import hashlib
import uuid

from django.db import models
from django.db.models import Q

from secondround import subqueries
from secondround.accounts.models import Member, Organisation
from secondround.hiring.models import Interview


class Kind(models.TextChoices):
    INVITATION = "interview_invitation", "Interview invitation"
    CHANGE = "interview_change", "Interview change"
    CANCELLATION = "interview_cancellation", "Interview cancellation"
    SCORECARD_REMINDER = "scorecard_reminder", "Scorecard reminder"
    APPROVAL_REQUEST = "approval_request", "Approval request"
    DECISION_MADE = "decision_made", "Decision made"
    CONCERN_ASSIGNED = "concern_assigned", "Concern handed over"


INTERVIEW_KINDS = (Kind.INVITATION, Kind.CHANGE, Kind.CANCELLATION)

# What a member can switch off, in their words. Invitations, changes and cancellations go
# together: a calendar that gets the invitation but not the cancellation is worse than none.
PREFERENCE_CHOICES = [
    ("interviews", "Interview invitations, changes and cancellations (with a calendar file)"),
    (Kind.SCORECARD_REMINDER, "Reminders to write a scorecard after an interview"),
    (Kind.APPROVAL_REQUEST, "Requests to approve a decision, when it is your turn"),
    (Kind.DECISION_MADE, "A decision was made on a candidate you work on"),
    (Kind.CONCERN_ASSIGNED, "A concern was handed to you to probe"),
]


def preference_for(kind: str) -> str:
    return "interviews" if kind in INTERVIEW_KINDS else kind


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent"
    FAILED = "failed", "Failed"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "NotificationQuerySet":
        """The delivery log is for admins of the organisation: it holds every recipient's
        address, the candidate's included. Members see the notifications sent to them."""
        if member is None:
            return self.none()
        qs = self.filter(organisation_id=member.organisation_id)
        if member.is_admin:
            return qs
        return qs.filter(recipient_member=member)


class Notification(models.Model):
    """One e-mail to one recipient. The row is written, with its unique key, before anything
    is sent (in the same transaction as the change it reports) and marked sent after the SMTP
    hand-off, so that a retried task or a second worker never sends a sent key again."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # The object the notification is about, e.g. ("hiring.interview", 12).
    target_type = models.CharField(max_length=64)
    target_id = models.PositiveBigIntegerField()
    recipient_email = models.EmailField()
    # What changed: the calendar sequence of an interview, the day of a reminder, the step of
    # an approval chain. A new version is a new e-mail; the same version never is.
    version = models.CharField(max_length=32)
    recipient_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "recipient_email", "version"],
                name="notification_key_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="sent_notification_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_email} ({self.status})"

    @property
    def key(self) -> tuple:
        return (self.kind, self.target_type, self.target_id, self.recipient_email, self.version)


def _new_uid() -> str:
    return f"{uuid.uuid4()}@secondround"


class CalendarEventQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "CalendarEventQuerySet":
        """Seen with its interview."""
        if member is None:
            return self.none()
        return self.filter(interview_id__in=subqueries.visible(Interview, member))


class CalendarEvent(models.Model):
    """An interview's identity in people's calendars: one UID for its whole life, and a
    SEQUENCE raised on every change, so calendar programs update the event in place."""

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="calendar_event"
    )
    uid = models.CharField(max_length=120, unique=True, default=_new_uid)
    sequence = models.PositiveIntegerField(default=0)
    # What the last invitation said, so that saving an unchanged interview sends nothing.
    fingerprint = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CalendarEventQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.uid} #{self.sequence}"


class OwnQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "OwnQuerySet":
        """A member's own settings are theirs alone."""
        if member is None:
            return self.none()
        return self.filter(member=member)


class NotificationPreference(models.Model):
    """What a member chose not to receive. No row means they receive everything."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="notification_preference"
    )
    muted = models.JSONField(default=list, blank=True, help_text="Codes from PREFERENCE_CHOICES")

    objects = OwnQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.member}: muted {', '.join(self.muted) or 'nothing'}"


def wants(member: Member, kind: str) -> bool:
    preference = NotificationPreference.objects.filter(member=member).first()
    return preference is None or preference_for(kind) not in preference.muted


class CalendarFeed(models.Model):
    """A member's personal calendar feed. The secret in its URL is shown once; only its
    SHA-256 is kept (it has 192 random bits, so a fast unsalted hash is safe and lets the feed
    find its member with one indexed lookup)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    objects = OwnQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
