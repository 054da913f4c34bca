"""Decisions on applications and their ordered approval chains, dissent included."""

from django.db import models
from django.db.models import Q

from secondround.accounts.models import Member
from secondround.hiring.models import Application


class Outcome(models.TextChoices):
    HIRE = "hire", "Hire"
    NO_HIRE = "no_hire", "No hire"
    HOLD = "hold", "Hold"


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTIVE_STATUSES = (DecisionStatus.PENDING, DecisionStatus.APPROVED)


class Verdict(models.TextChoices):
    WAITING = "waiting", "Waiting"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "DecisionQuerySet":
        """Oversight roles see all decisions; the job's hiring manager and each approver on the
        chain see theirs."""
        if member is None:
            return self.none()
        qs = self.filter(application__job__organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        on_chain = ApprovalStep.objects.filter(approver=member).values("decision_id")
        return qs.filter(Q(application__job__hiring_manager=member) | Q(pk__in=on_chain))


class Decision(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    status = models.CharField(
        max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    summary = models.TextField(blank=True)
    rationale = models.JSONField(default=dict, blank=True, help_text="Competency name -> text")
    proposed_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    override_reason = models.TextField(
        blank=True, help_text="Why the decision went ahead with a blocking concern open"
    )
    overridden_concerns = models.JSONField(default=list, blank=True)
    snapshot = models.ForeignKey(
        "calibration.CalibrationSnapshot",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scores_at_decision = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_active_decision_per_application",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="decided_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.application}"

    @property
    def dissent(self):
        return [step for step in self.steps.all() if step.verdict == Verdict.REJECTED]


class ApprovalStepQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ApprovalStepQuerySet":
        """Steps are seen with their decision: the whole chain, dissent included."""
        return self.filter(decision__in=Decision.objects.visible_to(member))


class ApprovalStep(models.Model):
    """One approver's place in the chain. Approvers decide in ``order``; the last approver's
    verdict settles the decision, and every rejection stays on record as dissent."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="approval_steps")
    verdict = models.CharField(max_length=16, choices=Verdict.choices, default=Verdict.WAITING)
    rationale = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ApprovalStepQuerySet.as_manager()

    class Meta:
        ordering = ["decision_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "order"], name="step_order_unique"),
            models.UniqueConstraint(fields=["decision", "approver"], name="step_approver_unique"),
            models.CheckConstraint(
                condition=Q(verdict="waiting") | (~Q(rationale="") & Q(decided_at__isnull=False)),
                name="verdict_needs_rationale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.approver}: {self.verdict}"
