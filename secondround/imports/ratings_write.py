"""Commit of a checked ratings file (see ratings.py): bulk writes that keep the rules of the
one-record write functions, because 100,000 ratings one ``do_submit_scorecard`` at a time
would take many minutes.

Each rating becomes what a submitted scorecard leaves behind: a completed interview recorded
after the fact (in a round called "Imported ratings"), a submitted scorecard at version 1 with
its frozen version, and the rating with the job's scale copied onto it. The caller holds the
transaction and writes the summary audit event.
"""

import secrets
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils.text import slugify

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.audit.models import AuditEvent
from secondround.hiring.models import (
    Application,
    Candidate,
    Competency,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    Round,
    RubricAnchor,
    Stage,
    StageChange,
)
from secondround.imports.bulk import insert_records, insert_rows
from secondround.imports.preview import Progress
from secondround.imports.ratings import RatingRow, RatingsPlan
from secondround.scorecards.models import (
    Rating,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    ScorecardVersion,
)

IMPORTED_ROUND = "Imported ratings"
INTERVIEW_LENGTH = timedelta(hours=1)
EVIDENCE = "Imported rating: the file carried no evidence note."
ANCHOR = "Imported with past ratings: describe the behaviour that earns a {point}."
# Where an imported candidate's e-mail is unknown: ".invalid" is reserved (RFC 2606), so
# nothing is ever sent to it, and the recruiter can see at once that it needs filling in.
PLACEHOLDER_DOMAIN = "import.invalid"


def write_ratings(actor, organisation, plan: RatingsPlan, progress: Progress) -> dict:
    """Create what the plan lists, then the interviews, scorecards and ratings. Returns the
    counts of what was created."""
    rows = plan.rows
    members = _members(actor, organisation, plan)
    jobs = _jobs(actor, organisation, plan)
    competencies = _competencies(actor, organisation, plan, jobs)
    rounds = _rounds(actor, organisation, jobs, {r.job for r in rows})
    candidates = _candidates(actor, organisation, plan)
    applications = _applications(actor, plan, candidates, jobs)
    progress("writing", len(rows) // 4, len(rows))
    by_interview: dict[tuple, list[RatingRow]] = defaultdict(list)
    for r in rows:
        by_interview[(r.candidate, r.interviewer, r.interviewed_at)].append(r)
    interviews = [
        Interview(
            application=applications[(key[0], group[0].job)],
            round=rounds[group[0].job],
            starts_at=key[2],
            ends_at=key[2] + INTERVIEW_LENGTH,
            status=InterviewStatus.COMPLETED,
            recorded_after=True,
            organiser=actor,
        )
        for key, group in by_interview.items()
    ]
    insert_records(interviews)
    insert_rows(
        Interview.interviewers.through,
        ("interview_id", "member_id"),
        ((i.pk, members[key[1]].pk) for i, key in zip(interviews, by_interview, strict=True)),
    )
    progress("writing", len(rows) // 2, len(rows))
    cards = [
        Scorecard(
            interview=interview,
            author=members[key[1]],
            status=ScorecardStatus.SUBMITTED,
            recommendation=recommendation_for(group),
            notes="Imported from a ratings file.",
            version=1,
            submitted_at=interview.ends_at,
        )
        for interview, (key, group) in zip(interviews, by_interview.items(), strict=True)
    ]
    insert_records(cards)
    insert_records(
        [
            ScorecardVersion(scorecard=card, version=1, data=_snapshot(card, group))
            for card, group in zip(cards, by_interview.values(), strict=True)
        ]
    )
    progress("writing", 3 * len(rows) // 4, len(rows))
    _insert_ratings(
        (card.pk, competencies[(r.job, r.competency)].pk, r.rating, r.scale_min, r.scale_max)
        for card, group in zip(cards, by_interview.values(), strict=True)
        for r in group
    )
    progress("writing", len(rows), len(rows))
    preview = plan.preview.new_records
    return {
        "ratings": len(rows),
        "scorecards": len(cards),
        "interviews": len(interviews),
        "new_applications": plan.preview.counts["new_applications"],
        "new_candidates": len(preview["candidates"]),
        "new_jobs": len(preview["jobs"]),
        "new_competencies": len(preview["competencies"]),
        "new_interviewers": len(preview["interviewers"]),
    }


def _insert_ratings(values) -> None:
    """The ratings, by far the most rows, go in with one prepared INSERT per batch: building a
    model instance per rating would cost more than the whole import's SQL. The database
    still checks each rating against its scale (the ``rating_within_scale`` constraint)."""
    columns = ("scorecard_id", "competency_id", "value", "scale_min", "scale_max", "evidence")
    insert_rows(Rating, columns, ((*row, EVIDENCE) for row in values))


def recommendation_for(group: list[RatingRow]) -> str:
    """The ratings file has no overall recommendation, and a submitted scorecard needs one:
    take it from where the interview's mean rating falls on the scale, in quarters."""
    position = sum((r.rating - r.scale_min) / (r.scale_max - r.scale_min) for r in group) / len(
        group
    )
    if position >= 0.75:
        return Recommendation.STRONG_YES
    if position >= 0.5:
        return Recommendation.YES
    if position > 0.25:
        return Recommendation.NO
    return Recommendation.STRONG_NO


def _snapshot(card: Scorecard, group: list[RatingRow]) -> dict:
    # The same shape as scorecards.actions._snapshot.
    return {
        "recommendation": card.recommendation,
        "notes": card.notes,
        "ratings": {r.competency: {"value": r.rating, "evidence": EVIDENCE} for r in group},
    }


# --- The records a ratings file may name before they exist ------------------------------------


def _members(actor, organisation, plan: RatingsPlan) -> dict[str, Member]:
    """Unknown interviewers join as inactive members who cannot sign in: no usable password
    and an inactive account, exactly as a deactivated member (accounts.actions)."""
    members = dict(plan.members)
    users = get_user_model().objects
    for email in plan.preview.new_records["interviewers"]:
        user = users.create_user(username=email, email=email, password=None, is_active=False)
        member = Member.objects.create(
            organisation=organisation,
            user=user,
            display_name=email.split("@")[0],
            is_interviewer=True,
            active=False,
        )
        record(actor, "member.added", member, organisation, roles=["interviewer"], imported=True)
        members[email] = member
    return members


def _jobs(actor, organisation, plan: RatingsPlan) -> dict[str, Job]:
    """New jobs are closed: they hold past interviews. Admins reopen one in its settings."""
    jobs = dict(plan.jobs)
    for title in sorted(set(plan.scales) - set(jobs)):
        lo, hi = plan.scales[title]
        job = Job.objects.create(
            organisation=organisation,
            title=title,
            scale_min=lo,
            scale_max=hi,
            status=JobStatus.CLOSED,
        )
        record(actor, "job.created", job, organisation, imported=True)
        jobs[title] = job
    return jobs


def _competencies(actor, organisation, plan: RatingsPlan, jobs) -> dict:
    """New competencies get a rubric anchor per scale point, as do_save_competency demands,
    worded so that nobody takes it for a real rubric."""
    found = dict(plan.competencies)
    wanted = sorted({(r.job, r.competency) for r in plan.rows} - set(found))
    positions = {
        job_id: count or 0
        for job_id, count in Competency.objects.filter(job__in=jobs.values())
        .values_list("job_id")
        .annotate(n=Max("position"))
    }
    for title, name in wanted:
        job = jobs[title]
        positions[job.pk] = positions.get(job.pk, -1) + 1
        competency = Competency.objects.create(job=job, name=name, position=positions[job.pk])
        RubricAnchor.objects.bulk_create(
            [
                RubricAnchor(competency=competency, point=p, text=ANCHOR.format(point=p))
                for p in job.scale
            ]
        )
        record(actor, "competency.saved", competency, organisation, name=name, imported=True)
        found[(title, name)] = competency
    return found


def _rounds(actor, organisation, jobs, titles) -> dict[str, Round]:
    """One "Imported ratings" round per job, after its real rounds."""
    rounds = {}
    for title in sorted(titles):
        job = jobs[title]
        existing = Round.objects.filter(job=job, name=IMPORTED_ROUND).first()
        if existing is None:
            last = Round.objects.filter(job=job).aggregate(n=Max("number"))["n"] or 0
            existing = Round.objects.create(
                job=job,
                number=last + 1,
                name=IMPORTED_ROUND,
                purpose="Interviews held before the team used secondround, imported from a file.",
            )
            record(actor, "round.saved", existing, organisation, number=existing.number)
        rounds[title] = existing
    return rounds


def _candidates(actor, organisation, plan: RatingsPlan) -> dict[str, Candidate]:
    """A candidate cell holding an e-mail gives the new candidate that e-mail (and, for want
    of a name, that name too); a name gets a placeholder e-mail."""
    candidates = dict(plan.candidates)
    values = plan.preview.new_records["candidates"]
    new = [
        Candidate(
            organisation=organisation,
            name=value[:200],
            email=value.lower() if "@" in value else placeholder_email(value),
        )
        for value in values
    ]
    insert_records(new)
    candidates.update(zip(values, new, strict=True))
    _audit_many(actor, organisation, "candidate.added", new, imported=True)
    return candidates


def placeholder_email(name: str) -> str:
    return f"{slugify(name)[:60] or 'candidate'}-{secrets.token_hex(4)}@{PLACEHOLDER_DOMAIN}"


def _applications(actor, plan: RatingsPlan, candidates, jobs) -> dict[tuple[str, str], Application]:
    """Each candidate's application to the file's job; new ones start at "applied", with the
    first line of their stage history, as hiring's change_stage writes it."""
    found, new = {}, []
    for candidate, job in sorted({(r.candidate, r.job) for r in plan.rows}):
        person, job_row = candidates[candidate], jobs[job]
        application = plan.applications.get((person.pk, job_row.pk))
        if application is None:
            application = Application(job=job_row, candidate=person, stage=Stage.APPLIED)
            new.append(application)
        found[(candidate, job)] = application
    insert_records(new)
    insert_records(
        [StageChange(application=a, to_stage=Stage.APPLIED, moved_by=actor) for a in new]
    )
    return found


def _audit_many(actor, organisation, action: str, targets, **data) -> None:
    """The events ``audit.log.record`` would write, one per target, in one bulk insert."""
    insert_records(
        [
            AuditEvent(
                organisation_id=organisation.pk,
                actor=actor,
                action=action,
                target_type=target._meta.label_lower,
                target_id=target.pk,
                data=data,
            )
            for target in targets
        ]
    )
