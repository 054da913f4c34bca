"""Write functions for candidates and their applications: adding, applying, moving between
stages (with history), advancing to the next round, rejecting and withdrawing.

Every stage move goes through ``change_stage``, which keeps the one rule that matters most:
a candidate is hired only through an approved hire decision (decisions.actions uses it too).
"""

from dataclasses import dataclass, field
from itertools import cycle
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.utils.timezone import now

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import (
    CLOSED_STAGES,
    HIRE_NEEDS_DECISION,
    ROUND_STAGES,
    Application,
    Candidate,
    InterviewStatus,
    Job,
    RejectionReason,
    Round,
    Source,
    Stage,
    StageChange,
    hire_is_approved,
    stage_for_round,
)
from secondround.hiring.rules import can_set_up_job, can_view_candidate_notes
from secondround.stored_files import files_removed_on_failure, save_file

PDF_MAGIC = b"%PDF-"


def ensure_runs_pipeline(member: Member, job: Job) -> None:
    """Admins, recruiters and the job's hiring manager move its candidates (as job setup)."""
    if not can_set_up_job(member, job):
        raise NotAllowed("Only recruiters, admins and the job's hiring manager move candidates.")


def check_cv_upload(upload) -> None:
    """A CV upload is a PDF by its name and by its first bytes, and within the size limit."""
    limit = settings.CV_MAX_BYTES
    if not upload.name.lower().endswith(".pdf"):
        raise ActionError("Upload the CV as a PDF file.", "cv_file")
    if upload.size > limit:
        raise ActionError(
            f"The CV is {upload.size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB.", "cv_file"
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ActionError("This file is not a PDF, whatever its name says.", "cv_file")


@files_removed_on_failure()
@transaction.atomic
def do_add_candidate(
    member: Member,
    *,
    name: str,
    email: str,
    phone: str = "",
    source: str = "",
    source_detail: str = "",
    timezone: str = "UTC",
    cv_text: str = "",
    cv_upload=None,
    notes: str = "",
    jobs: list[Job] = (),
) -> Candidate:
    """Add a candidate, and apply them to ``jobs`` in the same step."""
    if not (member.has_oversight or member.is_hiring_manager):
        raise NotAllowed("Only recruiters, admins and hiring managers add candidates.")
    email = _check_person(member, name=name, email=email, source=source, detail=source_detail)
    if cv_upload is not None:
        check_cv_upload(cv_upload)
    for job in jobs:
        ensure_runs_pipeline(member, job)
    candidate = Candidate(
        organisation_id=member.organisation_id,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        source=source,
        source_detail=source_detail.strip() if source == Source.OTHER else "",
        timezone=timezone or "UTC",
        cv_text=cv_text,
        notes=notes,
    )
    if cv_upload is not None:
        candidate.cv_filename = cv_upload.name.rsplit("/", 1)[-1][:200]
        save_file(candidate.cv_file, "cv.pdf", cv_upload)
    candidate.save()
    applied = [_apply(member, candidate, job, Stage.APPLIED)[0] for job in jobs]
    record(member, "candidate.added", candidate, applications=[a.pk for a in applied])
    return candidate


def _check_person(member, *, name, email, source, detail, candidate=None) -> str:
    """The rules for a candidate's own fields, adding or changing; returns the e-mail as
    stored (trimmed, lower case)."""
    if not name.strip():
        raise ActionError("Give the candidate's name.", "name")
    email = email.strip().lower()
    if "@" not in email:
        raise ActionError("Give a valid e-mail address.", "email")
    others = Candidate.objects.filter(organisation_id=member.organisation_id, email=email)
    if candidate is not None:
        others = others.exclude(pk=candidate.pk)
    if others.exists():
        raise ActionError("A candidate with that e-mail already exists.", "email")
    if source and source not in Source.values:
        raise ActionError("Choose where the candidate came from.", "source")
    if source == Source.OTHER and not detail.strip():
        raise ActionError("Say where the candidate came from.", "source_detail")
    return email


EDITABLE_FIELDS = ("name", "email", "phone", "source", "source_detail", "timezone", "notes")


@transaction.atomic
def do_update_candidate(member: Member, candidate: Candidate, **fields) -> Candidate:
    """Change a candidate's own fields: admins, recruiters, and the hiring manager of a job
    they applied to (those who read their notes). The audit event names the fields that
    changed, never their values: personal data stays out of the append-only trail."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ActionError(f"{sorted(unknown)[0]} cannot be changed here.", sorted(unknown)[0])
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not can_view_candidate_notes(member, candidate):
        raise NotAllowed("Only recruiters, admins and their hiring manager edit a candidate.")
    # The privacy app's erasure record, by its relation name (privacy builds on hiring).
    if Candidate.objects.filter(pk=candidate.pk, erasure__isnull=False).exists():
        raise ActionError("This candidate was anonymised; their record cannot be edited.")
    values = {name: getattr(candidate, name) for name in EDITABLE_FIELDS} | fields
    values["email"] = _check_person(
        member,
        name=values["name"],
        email=values["email"],
        source=values["source"],
        detail=values["source_detail"],
        candidate=candidate,
    )
    values["name"] = values["name"].strip()
    values["phone"] = values["phone"].strip()
    if values["source"] != Source.OTHER:
        values["source_detail"] = ""
    values["timezone"] = values["timezone"] or "UTC"
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ActionError("Choose a time zone, e.g. Europe/Berlin.", "timezone") from None
    changed = sorted(n for n in EDITABLE_FIELDS if getattr(candidate, n) != values[n])
    for name in changed:
        setattr(candidate, name, values[name])
    if changed:
        candidate.save(update_fields=changed)
        record(member, "candidate.updated", candidate, fields=changed)
    return candidate


def duplicate_of(member: Member, email: str) -> Candidate | None:
    """The organisation's candidate with this e-mail, if there is one."""
    email = (email or "").strip().lower()
    return Candidate.objects.filter(organisation_id=member.organisation_id, email=email).first()


def _apply(member, candidate, job, stage, round=None) -> tuple[Application, bool]:
    if candidate.organisation_id != job.organisation_id:
        raise NotAllowed("Candidate and job belong to different organisations.")
    application = Application.objects.filter(job=job, candidate=candidate).first()
    if application is not None:
        return application, False
    application = Application.objects.create(job=job, candidate=candidate, stage=Stage.APPLIED)
    change_stage(member, application, stage, round=round, first=True)
    return application, True


@transaction.atomic
def do_apply(member: Member, candidate: Candidate, job: Job, stage: str = Stage.APPLIED):
    """Apply a candidate to a job (an existing application is returned as it is)."""
    ensure_runs_pipeline(member, job)
    application, created = _apply(member, candidate, job, stage)
    if created:
        record(member, "application.created", application, stage=application.stage)
    return application


@transaction.atomic
def do_apply_to_jobs(member: Member, candidate: Candidate, jobs: list[Job]) -> list[Application]:
    """Apply an existing candidate to several jobs; returns the new applications only."""
    for job in jobs:
        ensure_runs_pipeline(member, job)
    created = [
        app for app, new in (_apply(member, candidate, j, Stage.APPLIED) for j in jobs) if new
    ]
    record(member, "application.created", candidate, applications=[a.pk for a in created])
    return created


def _round_for(application: Application, stage: str, round: Round | None) -> Round | None:
    if round is not None:
        if round.job_id != application.job_id:
            raise ActionError("The round belongs to another job.", "round")
        return round
    if stage == Stage.ROUND_LATER:
        raise ActionError("Choose which round the candidate is in.", "round")
    number = {Stage.ROUND_1: 1, Stage.ROUND_2: 2}[stage]
    return Round.objects.filter(job_id=application.job_id, number=number).first()


def change_stage(
    member: Member | None,
    application: Application,
    stage: str,
    *,
    round: Round | None = None,
    reason: str = "",
    note: str = "",
    first: bool = False,
) -> StageChange:
    """Move an application and write the history line. Callers check who may do it and run
    inside their own transaction; this keeps the rules every move obeys."""
    if stage not in Stage.values:
        raise ActionError("Unknown stage.", "stage")
    if stage == Stage.HIRED and not hire_is_approved(application):
        raise ActionError(HIRE_NEEDS_DECISION, "stage")
    if stage in ROUND_STAGES:
        round = _round_for(application, stage, round)
        if round is not None:
            stage = stage_for_round(round.number)
            application.current_round = round
    elif round is not None:
        raise ActionError("Only a round stage takes a round.", "round")
    change = StageChange.objects.create(
        application=application,
        from_stage="" if first else application.stage,
        to_stage=stage,
        round=round,
        moved_by=member,
        reason=reason,
        note=note.strip(),
    )
    application.stage = stage
    application.save(update_fields=["stage", "current_round"])
    # Stage moves have no audit event of their own (each caller records its own action), so
    # the application.stage_changed webhook is sent from here, where every move passes.
    from secondround.webhooks.emit import on_stage_change

    on_stage_change(change, application.job.organisation_id)
    return change


@transaction.atomic
def do_set_stage(
    member: Member, application: Application, stage: str, *, round: Round | None = None, note=""
) -> Application:
    """Move a candidate to any stage but "hired", which needs an approved hire decision."""
    ensure_runs_pipeline(member, application.job)
    change = change_stage(member, application, stage, round=round, note=note)
    record(member, "application.stage", application, stage=change.to_stage, round=change.round_id)
    return application


# The stages a candidate advances from, one round at a time.
ADVANCE_FROM = (Stage.APPLIED, *ROUND_STAGES)


def next_round(application: Application, rounds: list[Round] | None = None) -> Round | None:
    """The job's first round after the one the candidate is in (the first, when applied).
    ``rounds``: the job's rounds, when the caller has them already."""
    if rounds is None:
        rounds = list(Round.objects.filter(job_id=application.job_id))
    rounds = sorted(rounds, key=lambda r: r.number)
    if application.stage == Stage.APPLIED:
        return rounds[0] if rounds else None
    if application.stage not in ROUND_STAGES:
        return None
    by_stage = {Stage.ROUND_1: 1, Stage.ROUND_2: 2}.get(application.stage, 0)
    current = next((r.number for r in rounds if r.pk == application.current_round_id), by_stage)
    return next((r for r in rounds if r.number > current), None)


def advance_label(application: Application, rounds: list[Round] | None = None) -> str | None:
    """What the one-step advance does for this candidate, or None when it does not apply."""
    if application.stage not in ADVANCE_FROM:
        return None
    target = next_round(application, rounds)
    return f"Advance to {target.name}" if target else "Move to finalists"


@dataclass
class Advance:
    application: Application
    round: Round | None  # None: past the last round, now a finalist
    carried: list = field(default_factory=list)  # the concerns handed to the next panel


@transaction.atomic
def do_advance_application(member: Member, application: Application) -> Advance:
    """One step to the next round: move the stage, and hand every open concern to someone on
    the next round's panel, so that it shows in their kit under "Concerns for you to probe".
    Past the last round, the candidate becomes a finalist."""
    application = (
        Application.objects.select_for_update().select_related("job").get(pk=application.pk)
    )
    ensure_runs_pipeline(member, application.job)
    if application.stage not in ADVANCE_FROM:
        label = application.get_stage_display().lower()
        raise ActionError(f"A candidate at “{label}” does not advance to another round.")
    target = next_round(application)
    if target is None:
        change_stage(member, application, Stage.FINALIST)
        record(member, "application.advanced", application, stage=Stage.FINALIST)
        return Advance(application, None)
    change_stage(member, application, stage_for_round(target.number), round=target)
    carried = carry_open_concerns(application, list(target.panel.filter(active=True)))
    record(
        member,
        "application.advanced",
        application,
        stage=application.stage,
        round=target.pk,
        carried=[c.pk for c in carried],
    )
    return Advance(application, target, carried)


def carry_open_concerns(application: Application, people: list[Member]) -> list:
    """Give each open concern whose owner is not among ``people`` to one of them, in turn
    (preferring someone other than who raised it, for fresh eyes). Returns those moved."""
    from secondround.concerns.models import Concern

    if not people:
        return []
    people = sorted(people, key=lambda m: (m.display_name, m.pk))
    ids = {p.pk for p in people}
    turn = cycle(people)
    moved = []
    for concern in Concern.objects.filter(application=application).open().order_by("pk"):
        if concern.owner_id in ids:
            continue
        owner = next(turn)
        if owner.pk == concern.raised_by_id and len(people) > 1:
            owner = next(turn)
        concern.owner = owner
        concern.save(update_fields=["owner"])
        moved.append(concern)
    return moved


@transaction.atomic
def do_reject_application(
    member: Member, application: Application, *, reason: str, note: str = ""
) -> Application:
    """Not hired, with a reason from the list and a note (needed when the reason is "other")."""
    ensure_runs_pipeline(member, application.job)
    if reason not in RejectionReason.values:
        raise ActionError("Choose a reason from the list.", "reason")
    if reason == RejectionReason.OTHER and not note.strip():
        raise ActionError("Say why in the note.", "note")
    if application.stage in CLOSED_STAGES:
        label = application.get_stage_display().lower()
        raise ActionError(f"This application is already closed ({label}).")
    change_stage(member, application, Stage.REJECTED, reason=reason, note=note)
    cancelled = cancel_upcoming_interviews(member, application, "The candidate was not hired.")
    record(member, "application.rejected", application, reason=reason, cancelled=cancelled)
    return application


@transaction.atomic
def do_withdraw_application(member: Member, application: Application, *, note: str = ""):
    """The candidate withdrew. The note says why, when they said."""
    ensure_runs_pipeline(member, application.job)
    if application.stage in CLOSED_STAGES:
        label = application.get_stage_display().lower()
        raise ActionError(f"This application is already closed ({label}).")
    change_stage(member, application, Stage.WITHDRAWN, note=note)
    cancelled = cancel_upcoming_interviews(member, application, "The candidate withdrew.")
    record(member, "application.withdrawn", application, cancelled=cancelled)
    return application


def cancel_upcoming_interviews(member: Member, application: Application, reason: str):
    """A closed application's interviews still ahead are cancelled, each through
    do_cancel_interview (so that whatever it tells the panel, it tells here too), and
    nobody is left owing a scorecard for them. Returns the cancelled interviews' ids."""
    from secondround.hiring.actions import do_cancel_interview

    ahead = application.interviews.filter(
        status=InterviewStatus.SCHEDULED, starts_at__gt=now()
    ).exclude(scorecards__status="submitted")
    ids = []
    for interview in ahead.distinct():
        do_cancel_interview(member, interview, reason=reason)
        ids.append(interview.pk)
    return ids
