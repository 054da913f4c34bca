"""Decisions on applications and their ordered approval chains, dissent included."""

from django.db import models
from django.db.models import Q

from secondround import subqueries
from secondround.accounts.models import Member
from secondround.hiring.models import Application


class Outcome(models.TextChoices):
    HIRE = "hire", "Hire"
    NO_HIRE = "no_hire", "No hire"
    HOLD = "hold", "Hold"


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected: sent back"
    MORE_EVIDENCE = "more_evidence", "Sent back for more evidence"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTIVE_STATUSES = (DecisionStatus.PENDING, DecisionStatus.APPROVED)
# A decision that an approver stopped: the hiring manager may revise and resubmit it.
SENT_BACK_STATUSES = (DecisionStatus.REJECTED, DecisionStatus.MORE_EVIDENCE)


class Verdict(models.TextChoices):
    WAITING = "waiting", "Waiting"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    MORE_EVIDENCE = "more_evidence", "Asked for more evidence"


GIVEN_VERDICTS = (Verdict.APPROVED, Verdict.REJECTED, Verdict.MORE_EVIDENCE)


class EvidenceKind(models.TextChoices):
    """What an approver may ask for before deciding."""

    INTERVIEW = "interview", "Another interview"
    REFERENCE = "reference", "A reference"
    WORK_SAMPLE = "work_sample", "A work sample"


class DecisionPolicyQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "DecisionPolicyQuerySet":
        """Every member may read their organisation's policy (the pages explain it)."""
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class DecisionPolicy(models.Model):
    """How an organisation's approval chains work. Kept here rather than on Organisation so
    that the decisions app owns its own rules. Without a row, the defaults hold: any
    rejection stops the decision."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="decision_policy"
    )
    approvers_advisory = models.BooleanField(
        default=False,
        help_text="Approvers advise: a rejection is dissent on the record and the decision "
        "passes on to the next approver; the last approver settles it.",
    )

    objects = DecisionPolicyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "decision policies"

    def __str__(self) -> str:
        return f"Decision policy of {self.organisation}"


def approvers_are_advisory(organisation_id: int) -> bool:
    return DecisionPolicy.objects.filter(
        organisation_id=organisation_id, approvers_advisory=True
    ).exists()


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "DecisionQuerySet":
        """Oversight roles see all decisions; the job's hiring manager and each approver on the
        chain see theirs."""
        if member is None:
            return self.none()
        qs = self.filter(application__job__organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        reach = subqueries.reach(
            Decision, member, "application__job__organisation_id", _decision_reach
        )
        return qs.filter(pk__in=reach)


def _decision_reach(member: Member) -> Q:
    """The decisions of a member without oversight: their jobs', and those on whose chain
    they stand."""
    on_chain = ApprovalStep.objects.filter(approver=member).values("decision_id")
    return Q(application__job__hiring_manager=member) | Q(pk__in=on_chain)


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
    withdraw_reason = models.TextField(blank=True, help_text="Why the decision was withdrawn")
    incomplete_reason = models.TextField(
        blank=True,
        help_text="Why the decision went ahead with scorecards missing or interviews to come",
    )
    missing_scorecards = models.JSONField(
        default=list,
        blank=True,
        help_text="The panel seats without a submitted scorecard when it was proposed",
    )
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revision",
        help_text="The sent-back decision that this one revises",
    )
    version = models.PositiveSmallIntegerField(default=1)
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

    @property
    def is_sent_back(self) -> bool:
        return self.status in SENT_BACK_STATUSES


class ApprovalStepQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ApprovalStepQuerySet":
        """Steps are seen with their decision: the whole chain, dissent included."""
        if member is None:
            return self.none()
        return self.filter(decision_id__in=subqueries.visible(Decision, member))


class ApprovalStep(models.Model):
    """One approver's place in the chain. Approvers decide in ``order``. By default a
    rejection or a request for more evidence stops the decision there; with advisory
    approvers (DecisionPolicy) a rejection passes it on and the last approver settles it.
    Every rejection stays on record as dissent."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="approval_steps")
    verdict = models.CharField(max_length=16, choices=Verdict.choices, default=Verdict.WAITING)
    rationale = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    evidence_kind = models.CharField(
        max_length=16, choices=EvidenceKind.choices, blank=True, default=""
    )
    evidence_concern = models.ForeignKey(
        "concerns.Concern",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The concern that a request for more evidence became",
    )

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
            models.CheckConstraint(
                condition=Q(verdict="more_evidence", evidence_kind__in=EvidenceKind.values)
                | (~Q(verdict="more_evidence") & Q(evidence_kind="")),
                name="evidence_request_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.approver}: {self.verdict}"
