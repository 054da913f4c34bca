"""Idempotency keys of API writes: the first successful response to a key, replayed to a
retry with the same key for 24 hours (see idempotency.py)."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

from secondround.accounts.models import Member

# How long a key holds; older ones are ignored and pruned (prune_idempotency_keys).
KEY_LIFETIME = timedelta(hours=24)


class IdempotencyKeyQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "IdempotencyKeyQuerySet":
        """A member's own keys: a key is scoped to the member whose token sent it."""
        if member is None:
            return self.none()
        return self.filter(member=member)

    def live(self, now=None) -> "IdempotencyKeyQuerySet":
        return self.filter(created_at__gt=(now or timezone.now()) - KEY_LIFETIME)

    def expired(self, now=None) -> "IdempotencyKeyQuerySet":
        return self.filter(created_at__lte=(now or timezone.now()) - KEY_LIFETIME)


class IdempotencyKey(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path, query and body: the same key with another request is an
    # error, not a replay.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.member_id})"
