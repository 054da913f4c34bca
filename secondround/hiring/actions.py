"""Write functions for jobs, competencies, rounds, candidates, applications and interviews."""

from datetime import datetime

from django.db import IntegrityError, transaction

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import (
    Application,
    Candidate,
    Competency,
    CompetencyKind,
    Interview,
    Job,
    JobStatus,
    Objective,
    Question,
    Round,
    RubricAnchor,
    Stage,
)


def _ensure_can_set_up(member: Member, job: Job | None = None) -> None:
    allowed = member.has_oversight or (
        member.is_hiring_manager and (job is None or job.hiring_manager_id in (None, member.pk))
    )
    if not allowed or (job is not None and job.organisation_id != member.organisation_id):
        raise NotAllowed("Only recruiters, admins and the job's hiring manager set up jobs.")


@transaction.atomic
def do_create_job(
    member: Member,
    *,
    title: str,
    department: str = "",
    description: str = "",
    hiring_manager: Member | None = None,
    scale_min: int = 1,
    scale_max: int = 4,
    status: str = "open",
) -> Job:
    _ensure_can_set_up(member)
    if not title.strip():
        raise ActionError("Give the job a title.", "title")
    if scale_min >= scale_max:
        raise ActionError("The scale's top must be above its bottom.", "scale_max")
    if status not in JobStatus.values:
        raise ActionError("Choose a status from the list.", "status")
    if Job.objects.filter(organisation_id=member.organisation_id, title=title.strip()).exists():
        raise ActionError("A job with this title already exists.", "title")
    job = Job.objects.create(
        organisation_id=member.organisation_id,
        title=title.strip(),
        department=department,
        description=description,
        hiring_manager=hiring_manager,
        scale_min=scale_min,
        scale_max=scale_max,
        status=status,
    )
    record(member, "job.created", job)
    return job


@transaction.atomic
def do_update_job(member: Member, job: Job, **fields) -> Job:
    _ensure_can_set_up(member, job)
    allowed = {"title", "department", "description", "status", "hiring_manager"}
    for name in fields:
        if name not in allowed:
            raise ActionError(f"{name} cannot be changed here.", name)
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise ActionError("Give the job a title.", "title")
        clash = Job.objects.filter(organisation_id=job.organisation_id, title=fields["title"])
        if clash.exclude(pk=job.pk).exists():
            raise ActionError("A job with this title already exists.", "title")
    if "status" in fields and fields["status"] not in JobStatus.values:
        raise ActionError("Choose a status from the list.", "status")
    manager = fields.get("hiring_manager")
    if manager is not None and (
        manager.organisation_id != job.organisation_id or not manager.is_hiring_manager
    ):
        raise ActionError(f"{manager} is not a hiring manager here.", "hiring_manager")
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    record(member, "job.updated", job, fields=sorted(fields))
    return job


@transaction.atomic
def do_save_competency(
    member: Member,
    job: Job,
    *,
    name: str,
    kind: str = CompetencyKind.SKILL,
    weight: float = 1.0,
    description: str = "",
    anchors: dict[int, str] | None = None,
    competency: Competency | None = None,
) -> Competency:
    """Create or update a competency and its rubric. Every scale point needs an anchor."""
    _ensure_can_set_up(member, job)
    if not name.strip():
        raise ActionError("Give the competency a name.", "name")
    if kind not in CompetencyKind.values:
        raise ActionError("A competency is a skill or a value.", "kind")
    if weight <= 0:
        raise ActionError("The weight must be above zero.", "weight")
    anchors = anchors or {}
    missing = [p for p in job.scale if not anchors.get(p, "").strip()]
    if missing:
        points = ", ".join(str(p) for p in missing)
        raise ActionError(f"Describe the behaviour for each scale point (missing: {points}).")
    renamed = competency is not None and competency.pk and competency.name != name.strip()
    if competency is None:
        competency = Competency(job=job, position=job.competencies.count())
    competency.name, competency.kind = name.strip(), kind
    competency.weight, competency.description = weight, description
    try:
        with transaction.atomic():
            competency.save()
    except IntegrityError as clash:
        raise ActionError("This job already has a competency with that name.", "name") from clash
    RubricAnchor.objects.filter(competency=competency).exclude(point__in=job.scale).delete()
    for point in job.scale:
        RubricAnchor.objects.update_or_create(
            competency=competency, point=point, defaults={"text": anchors[point].strip()}
        )
    if renamed:
        # Ratings reach the engine by competency name: the calibration's inputs changed.
        from secondround.calibration.stamp import inputs_changed

        inputs_changed(job.organisation_id)
    record(member, "competency.saved", competency, name=competency.name)
    return competency


@transaction.atomic
def do_save_round(
    member: Member,
    job: Job,
    *,
    number: int,
    name: str,
    objectives: list[str],
    purpose: str = "",
    focus: list[Competency] = (),
    panel: list[Member] = (),
    duration_minutes: int = 60,
    round: Round | None = None,
) -> Round:
    _ensure_can_set_up(member, job)
    bad = [o for o in objectives if o not in Objective.values]
    if bad:
        raise ActionError(f"Unknown objective: {', '.join(bad)}.", "objectives")
    if not name.strip():
        raise ActionError("Give the round a name.", "name")
    if any(c.job_id != job.pk for c in focus):
        raise ActionError("Focus competencies must belong to this job.", "focus")
    if any(m.organisation_id != job.organisation_id for m in panel):
        raise ActionError("Panel members must belong to your organisation.", "panel")
    round = round or Round(job=job)
    round.number, round.name, round.objectives = number, name.strip(), list(objectives)
    round.purpose, round.duration_minutes = purpose, duration_minutes
    try:
        with transaction.atomic():
            round.save()
    except IntegrityError as clash:
        raise ActionError(f"This job already has a round {number}.", "number") from clash
    round.focus_competencies.set(focus)
    round.panel.set(panel)
    record(member, "round.saved", round, number=number)
    return round


@transaction.atomic
def do_add_candidate(
    member: Member, *, name: str, email: str, cv_text: str = "", notes: str = "", **extra
) -> Candidate:
    if not (member.has_oversight or member.is_hiring_manager):
        raise NotAllowed("Only recruiters, admins and hiring managers add candidates.")
    if not name.strip() or "@" not in email:
        raise ActionError("A candidate needs a name and a valid e-mail address.", "email")
    email = email.strip().lower()
    if Candidate.objects.filter(organisation_id=member.organisation_id, email=email).exists():
        raise ActionError("A candidate with that e-mail already exists.", "email")
    candidate = Candidate.objects.create(
        organisation_id=member.organisation_id,
        name=name.strip(),
        email=email,
        cv_text=cv_text,
        notes=notes,
        **extra,
    )
    record(member, "candidate.added", candidate)
    return candidate


@transaction.atomic
def do_apply(member: Member, candidate: Candidate, job: Job, stage: str = Stage.APPLIED):
    _ensure_can_set_up(member, job)
    if candidate.organisation_id != job.organisation_id:
        raise NotAllowed("Candidate and job belong to different organisations.")
    application, created = Application.objects.get_or_create(
        job=job, candidate=candidate, defaults={"stage": stage}
    )
    if created:
        record(member, "application.created", application)
    return application


@transaction.atomic
def do_set_stage(member: Member, application: Application, stage: str) -> Application:
    _ensure_can_set_up(member, application.job)
    if stage not in Stage.values:
        raise ActionError("Unknown stage.", "stage")
    application.stage = stage
    application.save(update_fields=["stage"])
    record(member, "application.stage", application, stage=stage)
    return application


@transaction.atomic
def do_schedule_interview(
    member: Member,
    application: Application,
    round: Round,
    *,
    starts_at: datetime,
    ends_at: datetime,
    interviewers: list[Member],
    location: str = "",
    video_link: str = "",
) -> Interview:
    _ensure_can_set_up(member, application.job)
    if round.job_id != application.job_id:
        raise ActionError("The round belongs to another job.", "round")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ActionError("Interview times need a time zone.", "starts_at")
    if ends_at <= starts_at:
        raise ActionError("The interview must end after it starts.", "ends_at")
    if not interviewers:
        raise ActionError("Choose at least one interviewer.", "interviewers")
    interview = Interview.objects.create(
        application=application,
        round=round,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_link=video_link,
    )
    interview.interviewers.set(interviewers)
    record(member, "interview.scheduled", interview, interviewers=[m.pk for m in interviewers])
    return interview


@transaction.atomic
def do_save_question(
    member: Member, *, topic: str, text: str, question: Question | None = None, active=True
) -> Question:
    if not (member.has_oversight or member.is_hiring_manager):
        raise NotAllowed("Only recruiters, admins and hiring managers edit the question bank.")
    if not topic.strip() or not text.strip():
        raise ActionError("A question needs a topic and its text.", "text")
    question = question or Question(organisation_id=member.organisation_id)
    if question.organisation_id != member.organisation_id:
        raise NotAllowed("That question belongs to another organisation.")
    question.topic, question.text, question.active = topic.strip(), text.strip(), active
    question.save()
    record(member, "question.saved", question)
    return question
