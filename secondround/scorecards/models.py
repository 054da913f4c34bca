"""Scorecards, their ratings and versions, and the record of who saw others' feedback when."""

from django.db import models
from django.db.models import F, Q

from secondround import subqueries
from secondround.accounts.models import Member
from secondround.hiring.models import Application, Competency, Interview, InterviewStatus


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

        - Authors always see their own scorecards, drafts included. Nobody else sees a draft.
        - Nobody sees colleagues' scorecards of a candidate while they still owe a scorecard
          for that candidate: not even an admin or the hiring manager who sits on the panel.
          A new interview they sit on (round 2) makes them blind again until they submit it.
        - Otherwise, submitted scorecards are seen by admins and recruiters, the job's hiring
          manager, approvers on a decision for the application, and the candidate's other
          interviewers.
        """
        if member is None:
            return self.none()
        org = self.filter(interview__application__job__organisation_id=member.organisation_id)
        own = Q(author=member)
        blinded = owed_interviews(member).values("application_id")
        seen = Q(status=ScorecardStatus.SUBMITTED) & ~Q(interview__application_id__in=blinded)
        if member.has_oversight:
            return org.filter(own | seen)
        from secondround.decisions.models import ApprovalStep

        interviewed = Interview.objects.filter(interviewers=member).values("application_id")
        approving = ApprovalStep.objects.filter(approver=member).values("decision__application_id")
        reach = (
            Q(interview__application__job__hiring_manager=member)
            | Q(interview__application_id__in=interviewed)
            | Q(interview__application_id__in=approving)
        )
        return org.filter(own | (seen & reach))


def owed_interviews(member: Member):
    """Interviews the member sits on and has not yet submitted a scorecard for."""
    if member is None:
        return Interview.objects.none()
    owed = subqueries.compiled("owed interviews", member, lambda: _owed(member).values("pk"))
    return Interview.objects.filter(pk__in=owed)


def _owed(member: Member):
    submitted = Scorecard.objects.filter(author=member, status=ScorecardStatus.SUBMITTED)
    return (
        Interview.objects.filter(interviewers=member)
        .exclude(status=InterviewStatus.CANCELLED)  # a cancelled interview owes nothing
        .exclude(id__in=submitted.values("interview_id"))
    )


def owes_a_scorecard(member: Member, application) -> bool:
    """Whether the member is still blind on this application: they sit on one of its
    interviews and have not submitted their scorecard for it."""
    return owed_interviews(member).filter(application=application).exists()


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
    draft_version = models.PositiveBigIntegerField(
        default=0,
        help_text="The autosave's sequence number of the stored draft: an older save is ignored",
    )
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


class RatingQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "RatingQuerySet":
        """Ratings are seen exactly when their scorecard is (blind feedback included)."""
        if member is None:
            return self.none()
        return self.filter(scorecard_id__in=subqueries.visible(Scorecard, member))


class Rating(models.Model):
    """A value and an evidence note for one competency. The scale is copied from the job when
    the rating is written, so the database itself can check the value lies on it."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    scale_min = models.PositiveSmallIntegerField()
    scale_max = models.PositiveSmallIntegerField()

    objects = RatingQuerySet.as_manager()

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


class ScorecardVersionQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ScorecardVersionQuerySet":
        """A version holds the scorecard's ratings: seen exactly when the scorecard is."""
        if member is None:
            return self.none()
        return self.filter(scorecard_id__in=subqueries.visible(Scorecard, member))


class ScorecardVersion(models.Model):
    """A frozen copy of a scorecard as submitted (version 1) or as edited later (2, 3, ...)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    author_had_seen_feedback = models.BooleanField(default=False)

    objects = ScorecardVersionQuerySet.as_manager()

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


class FeedbackViewQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "FeedbackViewQuerySet":
        """Members see their own record; admins and recruiters see their organisation's (the
        independence audit)."""
        if member is None:
            return self.none()
        org = self.filter(application__job__organisation_id=member.organisation_id)
        if member.has_oversight:
            return org
        return org.filter(member=member)


class FeedbackView(models.Model):
    """When a member first saw colleagues' feedback on an application (independence audit)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="feedback_views")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="feedback_views"
    )
    first_seen_at = models.DateTimeField()

    objects = FeedbackViewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="feedback_view_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} saw feedback on {self.application}"
