"""Scorecards, their ratings and versions, and the record of who saw others' feedback when."""

from django.db import models
from django.db.models import F, Q

from secondround.accounts.models import Member
from secondround.hiring.models import Application, Competency, Interview


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class ScorecardQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ScorecardQuerySet":
        """Blind feedback, decided in one place.

        - Authors always see their own scorecards.
        - Admins, recruiters and the job's hiring manager see every submitted scorecard.
        - Approvers see submitted scorecards of applications awaiting their verdict.
        - A panel member sees colleagues' submitted scorecards of a candidate only once they
          have submitted every scorecard they owe for that candidate.
        """
        if member is None:
            return self.none()
        org = self.filter(interview__application__job__organisation_id=member.organisation_id)
        own = Q(author=member)
        submitted = Q(status=ScorecardStatus.SUBMITTED)
        if member.has_oversight:
            return org.filter(own | submitted)
        reach = Q(interview__application__job__hiring_manager=member)
        if member.is_approver:
            reach |= Q(interview__application__decisions__steps__approver=member)
        owed = owed_interviews(member)
        unblinded = Application.objects.filter(interviews__interviewers=member).exclude(
            interviews__in=owed
        )
        reach |= Q(interview__application__in=unblinded)
        return org.filter(own | (submitted & reach)).distinct()


def owed_interviews(member: Member):
    """Interviews the member sits on and has not yet submitted a scorecard for."""
    submitted = Scorecard.objects.filter(author=member, status=ScorecardStatus.SUBMITTED)
    return (
        Interview.objects.filter(interviewers=member)
        .exclude(status="cancelled")
        .exclude(id__in=submitted.values("interview_id"))
    )


class Scorecard(models.Model):
    """One interviewer's record of one interview. Submitted scorecards are never overwritten:
    an edit bumps ``version`` and keeps the earlier one as a ScorecardVersion."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(
        max_length=16, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    recommendation = models.CharField(
        max_length=16, choices=Recommendation.choices, blank=True, default=""
    )
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["interview__starts_at", "author__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "author"], name="scorecard_unique"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (~Q(recommendation="") & Q(submitted_at__isnull=False) & Q(version__gte=1)),
                name="scorecard_submitted_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.interview}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED


class Rating(models.Model):
    """A value and an evidence note for one competency. The scale is copied from the job when
    the rating is written, so the database itself can check the value lies on it."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    scale_min = models.PositiveSmallIntegerField()
    scale_max = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["competency__position", "competency__name"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "competency"], name="rating_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | (Q(value__gte=F("scale_min")) & Q(value__lte=F("scale_max"))),
                name="rating_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.value}"


class ScorecardVersion(models.Model):
    """A frozen copy of a scorecard as submitted (version 1) or as edited later (2, 3, ...)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    author_had_seen_feedback = models.BooleanField(default=False)

    class Meta:
        ordering = ["scorecard_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "version"], name="version_unique"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""), name="edit_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard} v{self.version}"


class FeedbackView(models.Model):
    """When a member first saw colleagues' feedback on an application (independence audit)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="feedback_views")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="feedback_views"
    )
    first_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="feedback_view_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} saw feedback on {self.application}"
