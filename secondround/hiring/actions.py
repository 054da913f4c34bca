"""Write functions for jobs, competencies, rounds, interviews and the question bank.

Candidates and applications (adding, applying, stage moves) live in application_actions.py;
their write functions are importable from here too.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.application_actions import (  # noqa: F401 (one import path)
    do_add_candidate,
    do_advance_application,
    do_apply,
    do_apply_to_jobs,
    do_reject_application,
    do_set_stage,
    do_withdraw_application,
)
from secondround.hiring.models import (
    CLOSED_STAGES,
    Application,
    Competency,
    CompetencyKind,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    Objective,
    Question,
    Round,
    RubricAnchor,
)
from secondround.hiring.rules import can_choose_hiring_manager
from secondround.hiring.topics import canonical_topic
from secondround.notifications import hooks as notifications


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
    if not can_choose_hiring_manager(member):
        hiring_manager = member  # a hiring manager who creates a job manages it
    _check_manager(member, hiring_manager)
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


def _check_manager(member: Member, manager: Member | None) -> None:
    if manager is not None and (
        manager.organisation_id != member.organisation_id or not manager.is_hiring_manager
    ):
        raise ActionError(f"{manager} is not a hiring manager here.", "hiring_manager")


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
    if "hiring_manager" in fields:
        manager = fields["hiring_manager"]
        changed = (manager.pk if manager else None) != job.hiring_manager_id
        if changed and not can_choose_hiring_manager(member):
            raise NotAllowed("Only admins and recruiters change a job's hiring manager.")
        _check_manager(member, manager)
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
    competency = write_competency(
        job,
        name=name,
        kind=kind,
        weight=weight,
        description=description,
        anchors=anchors,
        competency=competency,
    )
    record(member, "competency.saved", competency, name=competency.name)
    return competency


def write_competency(
    job: Job,
    *,
    name: str,
    kind: str,
    weight: float,
    description: str,
    anchors: dict[int, str] | None,
    competency: Competency | None = None,
) -> Competency:
    """The checks and the writes of saving a competency, for the write functions that do it
    (this one, and copying from the library); the caller checks permission and records."""
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


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ActionError("Interview times need a time zone.", "starts_at")
    if ends_at <= starts_at:
        raise ActionError("The interview must end after it starts.", "ends_at")


def _check_panel(application: Application, interviewers: list[Member]) -> None:
    if not interviewers:
        raise ActionError("Choose at least one interviewer.", "interviewers")
    for person in interviewers:
        if person.organisation_id != application.job.organisation_id or not person.active:
            raise ActionError(f"{person} is not an active member here.", "interviewers")


def _carry_concerns_to(interview: Interview) -> list:
    """From round 2 on, open concerns go to someone on the round's live interviews."""
    if interview.round.number < 2:
        return []
    from secondround.hiring.application_actions import carry_open_concerns

    live = Interview.objects.filter(
        application_id=interview.application_id, round_id=interview.round_id
    ).exclude(status=InterviewStatus.CANCELLED)
    panel = Member.objects.filter(interviews__in=live, active=True)
    return carry_open_concerns(interview.application, list(panel.distinct()))


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
    """Schedule an interview in one of the application's job's rounds. Times in the past
    record an interview that already took place (``recorded_after``): its panel owes
    scorecards at once. The member who schedules it is its organiser."""
    _ensure_can_set_up(member, application.job)
    if round.job_id != application.job_id:
        raise ActionError("The round belongs to another job.", "round")
    _check_times(starts_at, ends_at)
    _check_panel(application, interviewers)
    recorded_after = starts_at < timezone.now()
    if application.stage in CLOSED_STAGES and not recorded_after:
        label = application.get_stage_display().lower()
        raise ActionError(f"This application is closed ({label}): no new interviews.")
    interview = Interview.objects.create(
        application=application,
        round=round,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        video_link=video_link.strip(),
        organiser=member,
        recorded_after=recorded_after,
    )
    interview.interviewers.set(interviewers)
    carried = _carry_concerns_to(interview)
    record(
        member,
        "interview.scheduled",
        interview,
        interviewers=[m.pk for m in interviewers],
        recorded_after=recorded_after,
        carried=[c.pk for c in carried],
    )
    notifications.on_interview_changed(interview)
    return interview


@transaction.atomic
def do_reschedule_interview(
    member: Member,
    interview: Interview,
    *,
    starts_at: datetime,
    ends_at: datetime,
    interviewers: list[Member] | None = None,
    location: str | None = None,
    video_link: str | None = None,
) -> Interview:
    """Move an interview, change its place or its panel. Someone who already submitted a
    scorecard for it stays on the panel; a cancelled interview is not rescheduled."""
    interview = (
        Interview.objects.select_for_update()
        .select_related("application__job")
        .get(pk=interview.pk)
    )
    _ensure_can_set_up(member, interview.application.job)
    if interview.status == InterviewStatus.CANCELLED:
        raise ActionError("This interview was cancelled; schedule a new one instead.")
    _check_times(starts_at, ends_at)
    before = {
        "starts_at": interview.starts_at.isoformat(),
        "ends_at": interview.ends_at.isoformat(),
    }
    if interviewers is not None:
        _check_panel(interview.application, interviewers)
        from secondround.scorecards.models import Scorecard, ScorecardStatus

        kept = {m.pk for m in interviewers}
        submitted = Scorecard.objects.filter(interview=interview, status=ScorecardStatus.SUBMITTED)
        dropped = [c.author for c in submitted.select_related("author") if c.author_id not in kept]
        if dropped:
            names = ", ".join(str(m) for m in dropped)
            raise ActionError(f"{names} already submitted a scorecard for it.", "interviewers")
    interview.starts_at, interview.ends_at = starts_at, ends_at
    interview.recorded_after = interview.recorded_after and starts_at < timezone.now()
    if location is not None:
        interview.location = location.strip()
    if video_link is not None:
        interview.video_link = video_link.strip()
    interview.save()
    if interviewers is not None:
        interview.interviewers.set(interviewers)
        _carry_concerns_to(interview)
    if interview.scorecards.filter(status="submitted").exists():
        # The engine reads a rating's interview time: the calibration's inputs changed.
        from secondround.calibration.stamp import inputs_changed

        inputs_changed(interview.application.job.organisation_id)
    record(member, "interview.rescheduled", interview, before=before)
    notifications.on_interview_changed(interview)
    return interview


@transaction.atomic
def do_cancel_interview(member: Member, interview: Interview, *, reason: str = "") -> Interview:
    """Cancel an interview that has not happened: its panel then owes no scorecard for it.
    One with a submitted scorecard took place, so it cannot be cancelled."""
    interview = (
        Interview.objects.select_for_update()
        .select_related("application__job")
        .get(pk=interview.pk)
    )
    _ensure_can_set_up(member, interview.application.job)
    if interview.status == InterviewStatus.CANCELLED:
        raise ActionError("This interview is already cancelled.")
    if interview.scorecards.filter(status="submitted").exists():
        raise ActionError("A scorecard is already in for this interview: it took place.")
    interview.status = InterviewStatus.CANCELLED
    interview.cancel_reason = reason.strip()
    interview.save(update_fields=["status", "cancel_reason"])
    # The typed reason stays on the interview (erasure clears it), not in the trail.
    record(member, "interview.cancelled", interview)
    notifications.on_interview_changed(interview)
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
    # One spelling per topic: "Systems design" joins "System design" (hiring.topics).
    topic = canonical_topic(member.organisation_id, topic)
    question.topic, question.text, question.active = topic, text.strip(), active
    question.save()
    record(member, "question.saved", question)
    return question
