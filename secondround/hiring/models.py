"""Jobs, competencies with rubrics, candidates, applications, rounds and interviews (the
competency library and internal notes live in library.py and notes.py, imported at the end)."""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q

from secondround import subqueries
from secondround.accounts.models import Member, Organisation
from secondround.hiring.choices import (  # noqa: F401 (importable from models, as before)
    CLOSED_STAGES,
    OBJECTIVE_PLAIN,
    ROUND_STAGES,
    CompetencyKind,
    JobStatus,
    Objective,
    RejectionReason,
    Source,
    Stage,
    stage_for_round,
)

STAGE_LABELS = dict(Stage.choices)


def stage_label(stage: str, round_name: str | None) -> str:
    """An application's stage as pages show it: the current round's name ("Round 3" rather
    than "Later round") when in a round and the round is known, else the stage's label (what
    get_stage_display() returns, without rebuilding the choices per call: list pages ask
    once per row)."""
    if stage in ROUND_STAGES and round_name is not None:
        return round_name
    return STAGE_LABELS.get(stage, stage)


def uploads_storage():
    """Uploaded files (CVs) live in the "uploads" storage: under $SECONDROUND_DATA_DIR by
    default, any storage backend in production. Never the static root, never served as is."""
    return storages["uploads"] if "uploads" in settings.STORAGES else storages["default"]


def cv_path(candidate: "Candidate", filename: str) -> str:
    # A random name: the uploader's file name never becomes a path on disk.
    return f"cvs/{candidate.organisation_id}/{secrets.token_hex(16)}.pdf"


class JobQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "JobQuerySet":
        """Oversight roles see all jobs of their organisation. Others see the jobs they work on:
        the jobs they manage, those whose rounds they sit on, and those with an application
        they may see (an interview they are on, a decision awaiting their approval). Hiring
        managers also see jobs nobody manages yet, since they may set those up."""
        if member is None:
            return self.none()
        qs = self.filter(organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        return qs.filter(pk__in=subqueries.reach(Job, member, "organisation_id", _job_reach))


def _job_reach(member: Member) -> Q:
    reach = (
        Q(hiring_manager=member)
        | Q(pk__in=Round.objects.filter(panel=member).values("job_id"))
        | Q(pk__in=Application.objects.visible_to(member).values("job_id"))
    )
    if member.is_hiring_manager:
        reach |= Q(hiring_manager__isnull=True)
    return reach


class Job(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(max_length=200)
    department = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.OPEN)
    hiring_manager = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_jobs"
    )
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=4)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="job_title_unique"),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")) & Q(scale_min__gte=0),
                name="job_scale_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class CompetencyQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "CompetencyQuerySet":
        if member is None:
            return self.none()
        return self.filter(job_id__in=subqueries.visible(Job, member))


class Competency(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="competencies")
    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=8, choices=CompetencyKind.choices, default=CompetencyKind.SKILL
    )
    weight = models.FloatField(default=1.0)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        ordering = ["job_id", "position", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["job", "name"], name="competency_name_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="competency_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class RubricAnchorQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "RubricAnchorQuerySet":
        if member is None:
            return self.none()
        return self.filter(competency_id__in=subqueries.visible(Competency, member))


class RubricAnchor(models.Model):
    """The behaviour that earns a given scale point on a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="anchors")
    point = models.PositiveSmallIntegerField()
    text = models.TextField()

    objects = RubricAnchorQuerySet.as_manager()

    class Meta:
        ordering = ["competency_id", "point"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "point"], name="anchor_point_unique")
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.point}"


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "QuestionQuerySet":
        if member is None:
            return self.none()
        return self.filter(organisation_id=member.organisation_id)


class Question(models.Model):
    """The organisation-wide question bank. ``topic`` is a competency name or a concern type's
    code, in one spelling per topic (see hiring.topics)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="questions"
    )
    topic = models.CharField(max_length=120, db_index=True)
    text = models.TextField()
    active = models.BooleanField(default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def topic_label(self) -> str:
        """The topic in words: a kind of concern by its label, never its code."""
        from secondround.hiring.topics import topic_label

        return topic_label(self.topic)


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "CandidateQuerySet":
        """A candidate is visible to whoever may see one of their applications; recruiters and
        admins also see candidates who have no application yet."""
        if member is None:
            return self.none()
        qs = self.filter(organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        reach = subqueries.compiled(
            "candidates",
            member,
            lambda: Application.objects.visible_to(member).values("candidate_id"),
        )
        return qs.filter(pk__in=reach)


def _new_portal_token() -> str:
    # Only migration 0001 still names this (the plain-text token column it created is gone:
    # the portal keeps hashed links, see secondround.portal).
    return secrets.token_urlsafe(24)


class Candidate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    source = models.CharField(max_length=16, choices=Source.choices, blank=True)
    source_detail = models.CharField("Source, in words", max_length=200, blank=True)
    cv_text = models.TextField("CV", blank=True)
    cv_file = models.FileField("CV (PDF)", upload_to=cv_path, storage=uploads_storage, blank=True)
    cv_filename = models.CharField("CV file name", max_length=200, blank=True)
    notes = models.TextField("Internal notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="candidate_email_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "ApplicationQuerySet":
        """Oversight roles see every application of their organisation; the job's hiring
        manager those of the jobs they manage; an interviewer those they interview; an approver
        those with a decision on whose chain they stand. Reach follows the records, not the
        role flags, just as the write functions do (hiring.rules mirrors this)."""
        if member is None:
            return self.none()
        qs = self.filter(job__organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        return qs.filter(pk__in=reached_applications(member))


def reached_applications(member: Member):
    """The applications a member without oversight reaches, as SQL compiled once
    (secondround.subqueries): their jobs', those they interview, those with a decision on
    whose chain they stand."""
    return subqueries.reach(Application, member, "job__organisation_id", _application_reach)


def _application_reach(member: Member) -> Q:
    """The applications a member without oversight reaches: their jobs', those they
    interview, those with a decision on whose chain they stand."""
    from secondround.decisions.models import ApprovalStep

    return (
        Q(job__hiring_manager=member)
        | Q(pk__in=Interview.objects.filter(interviewers=member).values("application_id"))
        | Q(pk__in=ApprovalStep.objects.filter(approver=member).values("decision__application_id"))
    )


class Application(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.APPLIED)
    # The round the candidate is in (or was last in, once past the rounds). The stage says
    # "round 1 / round 2 / later round"; this says which round, so a job may have any number.
    current_round = models.ForeignKey(
        "Round", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["job_id", "candidate__name"]
        constraints = [
            models.UniqueConstraint(fields=["job", "candidate"], name="application_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.job}"

    @property
    def stage_label(self) -> str:
        """ "Round 3" rather than "Later round" when the round is known."""
        in_known_round = self.stage in ROUND_STAGES and self.current_round_id is not None
        return stage_label(self.stage, self.current_round.name if in_known_round else None)

    def clean(self):
        # Forms over this model (the admin's included) cannot mark a hire by hand.
        from django.core.exceptions import ValidationError

        if self.stage == Stage.HIRED and self.pk and not hire_is_approved(self):
            raise ValidationError({"stage": HIRE_NEEDS_DECISION})


HIRE_NEEDS_DECISION = "A candidate is hired only through an approved hire decision."


def hire_is_approved(application: Application) -> bool:
    """Whether the application has an approved hire decision: the only way to "hired"."""
    from secondround.decisions.models import Decision, DecisionStatus, Outcome

    return Decision.objects.filter(
        application_id=application.pk, outcome=Outcome.HIRE, status=DecisionStatus.APPROVED
    ).exists()


class StageChangeQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "StageChangeQuerySet":
        if member is None:
            return self.none()
        return self.filter(application_id__in=subqueries.visible(Application, member))


class StageChange(models.Model):
    """One move of an application between stages: who, when, and why (for a rejection)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    round = models.ForeignKey(
        "Round", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    note = models.TextField(blank=True)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        ordering = ["application_id", "moved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_stage} -> {self.to_stage}"

    @property
    def to_label(self) -> str:
        if self.to_stage in ROUND_STAGES and self.round is not None:
            return self.round.name
        return self.get_to_stage_display()


class RoundQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "RoundQuerySet":
        if member is None:
            return self.none()
        return self.filter(job_id__in=subqueries.visible(Job, member))


class Round(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    objectives = models.JSONField(default=list, blank=True, help_text="Codes from Objective")
    purpose = models.TextField(blank=True, help_text="The round's purpose in plain words")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    focus_competencies = models.ManyToManyField(Competency, related_name="rounds", blank=True)
    panel = models.ManyToManyField(Member, related_name="panel_rounds", blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["job_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.job} - {self.name}"

    @property
    def objective_labels(self) -> list[str]:
        return [OBJECTIVE_PLAIN[Objective(code)] for code in self.objectives]


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class InterviewQuerySet(models.QuerySet):
    def visible_to(self, member: Member | None) -> "InterviewQuerySet":
        """Oversight roles, the job's hiring manager and approvers on a decision's chain see all
        interviews of the application; an interviewer sees only the interviews they are on."""
        if member is None:
            return self.none()
        qs = self.filter(application__job__organisation_id=member.organisation_id)
        if member.has_oversight:
            return qs
        reach = subqueries.reach(
            Interview, member, "application__job__organisation_id", _interview_reach
        )
        return qs.filter(pk__in=reach)


def _interview_reach(member: Member) -> Q:
    """The interviews a member without oversight reaches: all of the applications they manage
    or approve, and the ones they sit on."""
    from secondround.decisions.models import ApprovalStep

    return (
        Q(application__job__hiring_manager=member)
        | Q(pk__in=Interview.objects.filter(interviewers=member).values("pk"))
        | Q(
            application_id__in=ApprovalStep.objects.filter(approver=member).values(
                "decision__application_id"
            )
        )
    )


class Interview(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="interviews")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    interviewers = models.ManyToManyField(Member, related_name="interviews")
    status = models.CharField(
        max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED
    )
    # Entered after it took place (a round run before the team adopted secondround).
    recorded_after = models.BooleanField(default=False)
    organiser = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="interview_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} - {self.round.name}"


from secondround.hiring.library import LibraryCompetency  # noqa: E402, F401 (the app's models)
from secondround.hiring.notes import InternalNote  # noqa: E402, F401
