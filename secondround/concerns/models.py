"""The concern ledger: doubts raised in a scorecard, owned, probed and closed with evidence."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from secondround import subqueries
from secondround.accounts.models import Member
from secondround.hiring.models import Application


class ConcernType(models.TextChoices):
    SKILL_GAP = "skill_gap", "Skill gap"
    MOTIVATION = "motivation", "Motivation or reason for leaving"
    EMPLOYMENT_GAP = "employment_gap", "Employment gap"
    COMMUNICATION = "communication", "Communication"
    OTHER = "other", "Other"
    # Raised by an approver's "request more evidence" verdict, not from a scorecard.
    EVIDENCE_REQUEST = "evidence_request", "More evidence requested"


# The types an interviewer chooses from when raising a concern.
RAISABLE_TYPES = [choice for choice in ConcernType.choices if choice[0] != "evidence_request"]


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    CONFIRMED = "confirmed", "Confirmed"
    UNRESOLVABLE = "unresolvable", "Unresolvable"


# How a person closes a concern, in their words.
RESOLVE_CHOICES = [
    (ConcernStatus.RESOLVED, "Resolved: the doubt is cleared"),
    (ConcernStatus.CONFIRMED, "Confirmed: the doubt holds"),
    (ConcernStatus.UNRESOLVABLE, "Unresolvable: the interview could not settle it"),
]


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ConcernQuerySet":
        """Whoever may see the application sees its concerns (an interviewer needs them in
        the kit), with blind feedback for concerns raised from a scorecard:

        - raised from a draft: only its author sees it until that scorecard is submitted;
        - raised from a submitted scorecard: hidden from co-panelists of the same round (same
          candidate) who still owe their own scorecard, since it tells them a colleague's
          judgement;
        - raised from an earlier, finished round, or outside a scorecard: visible, so that
          later rounds probe it.
        """
        if member is None:
            return self.none()
        hidden = subqueries.compiled("hidden concerns", member, lambda: _hidden(member))
        return self.filter(application_id__in=subqueries.visible(Application, member)).exclude(
            pk__in=hidden
        )

    def open(self) -> "ConcernQuerySet":
        return self.filter(status=ConcernStatus.OPEN)

    def blocking_open(self) -> "ConcernQuerySet":
        return self.filter(status=ConcernStatus.OPEN, blocking=True)


def _hidden(member: Member):
    """The organisation's concerns that blind feedback hides from ``member`` (the rules of
    ``ConcernQuerySet.visible_to``), as one column of ids: compiled once per member and
    excluded, so that each read of concerns does not build these subqueries again."""
    from secondround.scorecards.models import ScorecardStatus, owed_interviews

    owes_same_round = Exists(
        owed_interviews(member).filter(
            application_id=OuterRef("application_id"),
            round_id=OuterRef("raised_in__interview__round_id"),
        )
    )
    from_draft = Q(raised_in__status=ScorecardStatus.DRAFT)
    from_submitted_while_owed = Q(raised_in__status=ScorecardStatus.SUBMITTED) & owes_same_round
    return (
        Concern.objects.filter(application__job__organisation_id=member.organisation_id)
        .exclude(raised_by=member)
        .filter(from_draft | from_submitted_while_owed)
        .values("pk")
    )


class Concern(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="concerns")
    type = models.CharField(max_length=20, choices=ConcernType.choices)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    probe = models.TextField(blank=True, help_text="What to ask to clear it up")
    blocking = models.BooleanField(default=False)
    raised_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="raised_concerns")
    raised_in = models.ForeignKey(
        "scorecards.Scorecard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_concerns",
    )
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_concerns"
    )
    status = models.CharField(
        max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    resolution_evidence = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_concerns",
    )
    resolved_in = models.ForeignKey(
        "scorecards.Scorecard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_concerns",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    evidence_from = models.ForeignKey(
        "hiring.Interview",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The interview the closing evidence came from (empty: a reference, a work "
        "sample or another source outside an interview)",
    )
    shared_with_candidate = models.BooleanField(default=False)
    candidate_note = models.TextField(blank=True, help_text="The candidate's written answer")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-blocking", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (~Q(resolution_evidence="") & Q(resolved_at__isnull=False)),
                name="closed_concern_has_evidence",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ConcernStatus.OPEN
