"""Dry run of a ratings import: the ratings CSV of DESIGN.md, checked row by row and matched
against the organisation. ``ratings_write.py`` commits what this plans.

Matching: a job by its title, a competency by its name within the job, a candidate by name
(or by e-mail when the cell holds one), an interviewer by e-mail. Unknown ones are listed
and created at commit. The rules of ``secondround calibrate`` apply too: a candidate
belongs to one job, one rating per candidate, interviewer and competency.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model

from secondround.accounts.models import Organisation
from secondround.engine.table import COLUMNS  # the ratings CSV format is the engine's
from secondround.hiring.models import Application, Candidate, Competency, Job
from secondround.imports.csvfile import is_email, read_rows
from secondround.imports.preview import PROGRESS_EVERY, ImportPreview, Progress, no_progress
from secondround.scorecards.models import Rating, ScorecardStatus

TEXT_COLUMNS = ("job", "candidate", "interviewer", "competency", "interviewed_at")


@dataclass(frozen=True)
class RatingRow:
    row: int
    job: str
    candidate: str
    interviewer: str  # e-mail, lower case
    competency: str
    rating: int
    scale_min: int
    scale_max: int
    interviewed_at: datetime


@dataclass
class RatingsPlan:
    preview: ImportPreview
    rows: list[RatingRow] = field(default_factory=list)
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)  # job title -> scale
    jobs: dict[str, Job] = field(default_factory=dict)  # existing, by title
    competencies: dict[tuple[str, str], Competency] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)  # existing, by file value
    members: dict = field(default_factory=dict)  # existing, by e-mail
    applications: dict[tuple[int, int], Application] = field(default_factory=dict)


def check_ratings(
    organisation: Organisation, content: bytes, progress: Progress = no_progress
) -> RatingsPlan:
    """The dry run: every problem with its row and column, and what a commit would create.
    Reads the database, writes nothing."""
    plan = RatingsPlan(ImportPreview("ratings", COLUMNS))
    table = read_rows(content, COLUMNS)
    plan.preview.errors.extend(table.errors)
    total = len(table.rows)
    plan.preview.rows = total
    state = _FileState()
    for done, (row, values) in enumerate(table.rows, 1):
        plan.preview.keep_sample(values)
        parsed = _parse_row(plan.preview, row, values)
        if parsed is not None and _consistent(plan.preview, state, parsed):
            plan.rows.append(parsed)
        if done % PROGRESS_EVERY == 0:
            progress("checking", done, total)
    progress("checking", total, total)
    plan.scales = state.scales
    _match(organisation, plan, state)
    return plan


# --- One row ---------------------------------------------------------------------------


def _parse_row(preview: ImportPreview, row: int, values: dict[str, str]) -> RatingRow | None:
    errors_before = len(preview.errors)
    for column in TEXT_COLUMNS:
        if not values[column]:
            preview.error(row, column, f"The {column} is empty.")
    email = values["interviewer"].lower()
    if email and not is_email(email):
        preview.error(
            row, "interviewer", f"{values['interviewer']!r} is not a valid e-mail address."
        )
    candidate = values["candidate"]
    if "@" in candidate and not is_email(candidate.lower()):
        preview.error(row, "candidate", f"{candidate!r} is not a valid e-mail address.")
    numbers = {}
    for column in ("rating", "scale_min", "scale_max"):
        try:
            numbers[column] = int(values[column])
        except ValueError:
            preview.error(row, column, f"{values[column]!r} is not a whole number.")
    lo, hi, rating = (numbers.get(c) for c in ("scale_min", "scale_max", "rating"))
    if lo is not None and hi is not None:
        if lo < 0 or lo >= hi:
            preview.error(row, "scale_max", f"The scale {lo}..{hi} is not a scale.")
        elif rating is not None and not lo <= rating <= hi:
            preview.error(row, "rating", f"Rating {rating} is outside the scale {lo}..{hi}.")
    when = parse_time(values["interviewed_at"]) if values["interviewed_at"] else None
    if values["interviewed_at"] and when is None:
        preview.error(
            row,
            "interviewed_at",
            f"{values['interviewed_at']!r} is not an ISO 8601 time (e.g. 2026-03-02T10:00Z).",
        )
    if len(preview.errors) > errors_before:
        return None
    return RatingRow(
        row,
        values["job"],
        values["candidate"],
        email,
        values["competency"],
        rating,
        lo,
        hi,
        when,
    )


_times: dict[str, datetime | None] = {}


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time; one without a zone is taken as UTC (as ``calibrate`` does)."""
    if text not in _times:
        try:
            moment = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if len(_times) > 200_000:
            _times.clear()
        _times[text] = moment
    return _times[text]


# --- Across rows -------------------------------------------------------------------------


@dataclass
class _FileState:
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)
    scale_rows: dict[str, int] = field(default_factory=dict)
    candidate_job: dict[str, tuple[str, int]] = field(default_factory=dict)
    seen: dict[tuple[str, str, str], int] = field(default_factory=dict)
    first_row: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, value) -> row


def _consistent(preview: ImportPreview, state: _FileState, r: RatingRow) -> bool:
    """The rules between rows: one scale per job, one job per candidate, no duplicates."""
    scale = (r.scale_min, r.scale_max)
    known = state.scales.setdefault(r.job, scale)
    state.scale_rows.setdefault(r.job, r.row)
    if known != scale:
        preview.error(
            r.row,
            "scale_max",
            f"The job {r.job!r} is rated on {known[0]}..{known[1]} in row "
            f"{state.scale_rows[r.job]}, and on {scale[0]}..{scale[1]} here.",
        )
        return False
    job, first = state.candidate_job.setdefault(r.candidate, (r.job, r.row))
    if job != r.job:
        preview.error(
            r.row,
            "candidate",
            f"The candidate {r.candidate!r} appears under the job {job!r} in row {first} and "
            f"under {r.job!r} here; a candidate id is unique across the file.",
        )
        return False
    key = (r.candidate, r.interviewer, r.competency)
    if key in state.seen:
        preview.error(
            r.row,
            "",
            f"Duplicate: {r.interviewer} already rates {r.candidate!r} on {r.competency!r} in "
            f"row {state.seen[key]}.",
        )
        return False
    state.seen[key] = r.row
    for kind, value in (("job", r.job), ("candidate", r.candidate), ("member", r.interviewer)):
        state.first_row.setdefault((kind, value), r.row)
    state.first_row.setdefault(("competency", f"{r.job}\x00{r.competency}"), r.row)
    return True


# --- Against the organisation -------------------------------------------------------------


def _match(organisation: Organisation, plan: RatingsPlan, state: _FileState) -> None:
    preview = plan.preview
    _match_jobs(organisation, plan, state)
    _match_candidates(organisation, plan, state)
    _match_members(organisation, plan, state)
    pairs = {(r.job, r.competency) for r in plan.rows}
    new_jobs = sorted(t for t in state.scales if t not in plan.jobs)
    preview.new_records = {
        "jobs": [f"{t} (scale {state.scales[t][0]}..{state.scales[t][1]})" for t in new_jobs],
        "competencies": sorted(f"{j}: {c}" for j, c in pairs if (j, c) not in plan.competencies),
        "candidates": sorted({r.candidate for r in plan.rows} - set(plan.candidates)),
        "interviewers": sorted({r.interviewer for r in plan.rows} - set(plan.members)),
    }
    interviews = {(r.candidate, r.interviewer, r.interviewed_at) for r in plan.rows}
    applications = {(r.candidate, r.job) for r in plan.rows}
    preview.counts = {
        "ratings": len(plan.rows),
        "interviews": len(interviews),
        "applications": len(applications),
        "new_applications": sum(1 for pair in applications if _application(plan, *pair) is None),
    }
    _refuse_reimport(plan)


def _match_jobs(organisation, plan: RatingsPlan, state: _FileState) -> None:
    jobs = Job.objects.filter(organisation=organisation, title__in=list(state.scales))
    plan.jobs = {job.title: job for job in jobs}
    for title, job in plan.jobs.items():
        if (job.scale_min, job.scale_max) != state.scales[title]:
            lo, hi = state.scales[title]
            plan.preview.error(
                state.scale_rows[title],
                "scale_max",
                f"The job {title!r} rates on {job.scale_min}..{job.scale_max} in secondround; "
                f"this file rates it on {lo}..{hi}.",
            )
    for competency in Competency.objects.filter(job__in=jobs).select_related("job"):
        plan.competencies[(competency.job.title, competency.name)] = competency


def _match_candidates(organisation, plan: RatingsPlan, state: _FileState) -> None:
    values = {r.candidate for r in plan.rows}
    emails = {v.lower(): v for v in values if "@" in v}
    names = [v for v in values if "@" not in v]
    people = Candidate.objects.filter(organisation=organisation)
    for person in people.filter(email__in=list(emails)):
        plan.candidates[emails[person.email]] = person
    by_name: dict[str, list[Candidate]] = {}
    for person in people.filter(name__in=names):
        by_name.setdefault(person.name, []).append(person)
    for name, found in by_name.items():
        if len(found) > 1:
            plan.preview.error(
                state.first_row[("candidate", name)],
                "candidate",
                f"{len(found)} candidates are called {name!r}: write their e-mail in the "
                "candidate column to say which one.",
            )
        else:
            plan.candidates[name] = found[0]
    matched = [c.pk for c in plan.candidates.values()]
    for application in Application.objects.filter(candidate_id__in=matched):
        plan.applications[(application.candidate_id, application.job_id)] = application


def _match_members(organisation, plan: RatingsPlan, state: _FileState) -> None:
    emails = sorted({r.interviewer for r in plan.rows})
    users = get_user_model().objects.filter(username__in=emails).select_related("member")
    for user in users:
        member = getattr(user, "member", None)
        if member is not None and member.organisation_id == organisation.pk:
            plan.members[user.username] = member
            continue
        plan.preview.error(
            state.first_row[("member", user.username)],
            "interviewer",
            f"{user.username} has an account outside {organisation.name}; a person belongs to "
            "one organisation only.",
        )


def _application(plan: RatingsPlan, candidate: str, job: str) -> Application | None:
    person, job_row = plan.candidates.get(candidate), plan.jobs.get(job)
    if person is None or job_row is None:
        return None
    return plan.applications.get((person.pk, job_row.pk))


def _refuse_reimport(plan: RatingsPlan) -> None:
    """A rating already held for the same interview (same candidate, interviewer, competency
    and time) is a duplicate: most likely the file was imported before."""
    applications = [a.pk for a in plan.applications.values()]
    if not applications:
        return
    held = set(
        Rating.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            scorecard__interview__application_id__in=applications,
        ).values_list(
            "scorecard__interview__application_id",
            "scorecard__author__user__username",
            "competency__name",
            "scorecard__interview__starts_at",
        )
    )
    for r in plan.rows:
        application = _application(plan, r.candidate, r.job)
        if application and (application.pk, r.interviewer, r.competency, r.interviewed_at) in held:
            plan.preview.error(
                r.row, "", "Duplicate: secondround already holds this rating (imported before?)."
            )
