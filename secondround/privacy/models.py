"""Candidates' personal data: who was anonymised, and each organisation's retention policy."""

from django.db import models
from django.utils import timezone

from secondround.accounts.models import Member, Organisation
from secondround.hiring.models import Candidate


class ErasureReason(models.TextChoices):
    REQUEST = "request", "At the candidate's request"
    RETENTION = "retention", "Retention policy"


class ErasureQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ErasureQuerySet":
        """Admins see which of their organisation's candidates were anonymised."""
        if member is None or not member.is_admin:
            return self.none()
        return self.filter(candidate__organisation_id=member.organisation_id)


class Erasure(models.Model):
    """The record that a candidate was anonymised. The candidate row stays, emptied of
    personal data, so that their ratings still count; this row keeps them from being
    anonymised twice and tells the team why the record is empty. It holds no personal data."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="erasure")
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=ErasureReason.choices)

    objects = ErasureQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Candidate #{self.candidate_id} anonymised ({self.get_reason_display()})"


class RetentionPolicyQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "RetentionPolicyQuerySet":
        """Admins read and set their organisation's policy."""
        if member is None or not member.is_admin:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class RetentionPolicy(models.Model):
    """Anonymise candidates with no activity for ``months`` months. Off until an admin turns
    it on; the periodic job (``send_due_notifications``) applies it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="retention_policy"
    )
    enabled = models.BooleanField(default=False)
    months = models.PositiveSmallIntegerField(default=24)
    updated_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    objects = RetentionPolicyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "retention policies"
        constraints = [
            models.CheckConstraint(condition=models.Q(months__gte=1), name="retention_months_min")
        ]

    def __str__(self) -> str:
        state = f"after {self.months} months" if self.enabled else "off"
        return f"Retention policy of {self.organisation}: {state}"
