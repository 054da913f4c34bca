"""Candidates with their applications: the dry run and the commit.

Columns (see docs/import.md): ``name`` and ``email`` are required; ``phone``, ``source``,
``source_detail``, ``job`` and ``stage`` are optional. One row per application; a candidate
who applies to two jobs has two rows with the same e-mail. Candidates are matched by e-mail
within the organisation (a known one gets the new applications); jobs by title, and an
unknown job is an error, not a new job.
"""

from dataclasses import dataclass, field

from secondround.accounts.models import Organisation
from secondround.audit.log import record
from secondround.hiring.application_actions import change_stage
from secondround.hiring.models import (
    HIRE_NEEDS_DECISION,
    Application,
    Candidate,
    Job,
    Round,
    Source,
    Stage,
)
from secondround.imports.csvfile import is_email, read_rows
from secondround.imports.preview import PROGRESS_EVERY, ImportPreview, Progress, no_progress

REQUIRED = ("name", "email")
OPTIONAL = ("phone", "source", "source_detail", "job", "stage")
ROUND_NUMBER = {Stage.ROUND_1: 1, Stage.ROUND_2: 2}


@dataclass
class Person:
    row: int
    name: str
    email: str
    phone: str
    source: str
    source_detail: str
    applications: list[tuple[int, str, str]] = field(default_factory=list)  # row, job, stage


@dataclass
class CandidatesPlan:
    preview: ImportPreview
    people: dict[str, Person] = field(default_factory=dict)  # by e-mail
    jobs: dict[str, Job] = field(default_factory=dict)
    existing: dict[str, Candidate] = field(default_factory=dict)  # by e-mail


def check_candidates(
    organisation: Organisation, content: bytes, progress: Progress = no_progress
) -> CandidatesPlan:
    plan = CandidatesPlan(ImportPreview("candidates", REQUIRED + OPTIONAL))
    table = read_rows(content, REQUIRED, OPTIONAL)
    plan.preview.errors.extend(table.errors)
    plan.preview.rows = len(table.rows)
    titles = {v.get("job", "") for _, v in table.rows} - {""}
    plan.jobs = {
        j.title: j for j in Job.objects.filter(organisation=organisation, title__in=titles)
    }
    rounds = set(
        Round.objects.filter(job__in=plan.jobs.values()).values_list("job__title", "number")
    )
    emails = {v["email"].lower() for _, v in table.rows}
    known = Candidate.objects.filter(organisation=organisation, email__in=emails)
    plan.existing = {c.email: c for c in known}
    applied = set(
        Application.objects.filter(candidate__in=known).values_list(
            "candidate__email", "job__title"
        )
    )
    for done, (row, values) in enumerate(table.rows, 1):
        plan.preview.keep_sample(values)
        _check_row(plan, row, values, rounds, applied)
        if done % PROGRESS_EVERY == 0:
            progress("checking", done, len(table.rows))
    progress("checking", len(table.rows), len(table.rows))
    new = [p for e, p in plan.people.items() if e not in plan.existing]
    plan.preview.new_records = {"candidates": [f"{p.name} <{p.email}>" for p in new]}
    plan.preview.counts = {
        "new_candidates": len(new),
        "new_applications": sum(len(p.applications) for p in plan.people.values()),
    }
    return plan


def _check_row(plan: CandidatesPlan, row: int, v: dict[str, str], rounds, applied) -> None:
    preview, before = plan.preview, len(plan.preview.errors)
    email, job, stage = v["email"].lower(), v.get("job", ""), v.get("stage", "").lower()
    source = v.get("source", "").lower()
    if not v["name"]:
        preview.error(row, "name", "The name is empty.")
    if not is_email(email):
        preview.error(row, "email", f"{v['email']!r} is not a valid e-mail address.")
    if source and source not in Source.values:
        preview.error(row, "source", f"Unknown source {v['source']!r}; use one of {_list(Source)}.")
    elif source == Source.OTHER and not v.get("source_detail"):
        preview.error(row, "source_detail", "Say where the candidate came from.")
    if job and job not in plan.jobs:
        preview.error(row, "job", f"Unknown job {job!r}: create it first, or fix its title.")
    if stage and not job:
        preview.error(row, "stage", "A stage needs a job.")
    elif stage and stage not in Stage.values:
        preview.error(row, "stage", f"Unknown stage {v['stage']!r}; use one of {_list(Stage)}.")
    elif stage == Stage.HIRED:
        preview.error(row, "stage", HIRE_NEEDS_DECISION)
    elif stage == Stage.ROUND_LATER:
        preview.error(row, "stage", "Use round_1 or round_2; move to later rounds in the app.")
    elif stage in ROUND_NUMBER and job in plan.jobs and (job, ROUND_NUMBER[stage]) not in rounds:
        preview.error(row, "stage", f"The job {job!r} has no round {ROUND_NUMBER[stage]}.")
    if (email, job) in applied and job:
        preview.error(row, "", f"Duplicate: {email} has already applied to {job!r}.")
    if len(preview.errors) > before:
        return
    person = plan.people.setdefault(
        email,
        Person(row, v["name"], email, v.get("phone", ""), source, v.get("source_detail", "")),
    )
    if person.name != v["name"]:
        preview.error(
            row, "name", f"Row {person.row} gives {email} the name {person.name!r}; one person."
        )
    elif any(j == job for _, j, _ in person.applications) or (not job and person.row != row):
        preview.error(row, "", f"Duplicate: row {person.row} has the same candidate and job.")
    elif job:
        person.applications.append((row, job, stage or Stage.APPLIED))


def _list(choices) -> str:
    return ", ".join(choices.values)


def write_candidates(actor, organisation, plan: CandidatesPlan, progress: Progress) -> dict:
    """Create each new candidate and every application, with the audit events that
    do_add_candidate and do_apply write. The caller holds the transaction."""
    total = len(plan.people)
    for done, (email, person) in enumerate(plan.people.items(), 1):
        candidate = plan.existing.get(email)
        created = candidate is None
        if created:
            candidate = Candidate.objects.create(
                organisation=organisation,
                name=person.name,
                email=email,
                phone=person.phone,
                source=person.source,
                source_detail=person.source_detail if person.source == Source.OTHER else "",
            )
        applications = []
        for _, title, stage in person.applications:
            application = Application.objects.create(
                job=plan.jobs[title], candidate=candidate, stage=Stage.APPLIED
            )
            change_stage(actor, application, stage, first=True)
            applications.append(application.pk)
        action = "candidate.added" if created else "application.created"
        record(actor, action, candidate, organisation, applications=applications, imported=True)
        if done % 200 == 0:
            progress("writing", done, total)
    progress("writing", total, total)
    return dict(plan.preview.counts)
