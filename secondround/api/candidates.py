"""Candidates: list, read, add (optionally applying them to jobs), change, apply to a job."""

from datetime import datetime
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import Field

from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, Moment, Text, responses
from secondround.errors import ActionError
from secondround.hiring.actions import do_add_candidate, do_apply_to_jobs
from secondround.hiring.application_actions import do_update_candidate
from secondround.hiring.models import Application, Candidate, Job, Source, StageChange

router = ApiRouter(tags=["candidates"])

NOTES_PERM = "hiring.view_candidate_notes"
SourceIn = Literal[("", *Source.values)]  # type: ignore[valid-type]


class CandidateApplicationOut(Schema):
    id: int
    job_id: int
    stage: str


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    timezone: str
    source: str
    source_detail: str
    created_at: datetime
    notes: str | None = Field(
        description="Internal notes; null unless you may read them (admins, recruiters and "
        "the hiring manager of one of their jobs)"
    )
    applications: list[CandidateApplicationOut] = Field(description="Those you may see")


class CandidateIn(Schema):
    name: Text(200)
    email: Text(254)
    phone: Text(40) = ""
    source: SourceIn = ""
    source_detail: Text(200) = Field("", description="Required when source is other")
    timezone: Text(64) = "UTC"
    cv_text: Text(100_000) = ""
    notes: Text(20_000) = ""
    job_ids: list[DbId] = Field(
        default_factory=list, max_length=50, description="Apply them to these jobs at once"
    )


class CandidateUpdateIn(Schema):
    name: Text(200) | None = None
    email: Text(254) | None = None
    phone: Text(40) | None = None
    source: SourceIn | None = None
    source_detail: Text(200) | None = None
    timezone: Text(64) | None = None
    notes: Text(20_000) | None = Field(None, description="Internal notes")


class ApplyIn(Schema):
    job_id: DbId


CandidatePage = page_of(CandidateOut)


def _candidates(member):
    applications = Application.objects.visible_to(member).order_by("pk")
    return Candidate.objects.visible_to(member).prefetch_related(
        Prefetch("applications", queryset=applications, to_attr="visible_applications")
    )


def candidate_for(member, pk: int) -> Candidate:
    return get_object_or_404(_candidates(member), pk=pk)


def candidate_out(member, candidate: Candidate) -> CandidateOut:
    return CandidateOut(
        id=candidate.pk,
        name=candidate.name,
        email=candidate.email,
        phone=candidate.phone,
        timezone=candidate.timezone,
        source=candidate.source,
        source_detail=candidate.source_detail,
        created_at=candidate.created_at,
        notes=candidate.notes if member.user.has_perm(NOTES_PERM, candidate) else None,
        applications=[
            CandidateApplicationOut(id=a.pk, job_id=a.job_id, stage=a.stage)
            for a in candidate.visible_applications
        ],
    )


def _jobs(member, ids: list[int]) -> list[Job]:
    found = Job.objects.visible_to(member).in_bulk(set(ids))
    unknown = [pk for pk in ids if pk not in found]
    if unknown:
        raise ActionError(f"No job you may see has id {unknown[0]}.", "job_ids")
    return [found[pk] for pk in dict.fromkeys(ids)]


@router.get(
    "/candidates", response=responses({200: CandidatePage}, 404), summary="Candidates I may see"
)
def list_candidates(
    request,
    job: DbId | None = None,
    email: Text(254) | None = None,
    updated_since: Moment | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    """``job``: candidates with an application to that job (404 for a job you may not
    see). ``email``: exact, case-insensitive. ``updated_since``: added, or moved between
    stages, since then."""
    member = request.member
    candidates = _candidates(member)
    if job is not None:
        get_object_or_404(Job.objects.visible_to(member), pk=job)
        candidates = candidates.filter(applications__job_id=job).distinct()
    if email is not None:
        candidates = candidates.filter(email=email.strip().lower())
    if updated_since is not None:
        moved = StageChange.objects.filter(
            application__candidate=OuterRef("pk"), moved_at__gte=updated_since
        )
        candidates = candidates.filter(Q(created_at__gte=updated_since) | Exists(moved))
    return paginate(
        request, candidates, lambda c: candidate_out(member, c), cursor=cursor, limit=limit
    )


@router.get(
    "/candidates/{candidate_id}",
    response=responses({200: CandidateOut}, 404),
    summary="One candidate",
)
def get_candidate(request, candidate_id: DbId):
    return candidate_out(request.member, candidate_for(request.member, candidate_id))


@router.post(
    "/candidates",
    response=responses({201: CandidateOut}, 400, 403),
    summary="Add a candidate (admins, recruiters, hiring managers)",
)
def create_candidate(request, payload: CandidateIn):
    """An e-mail already used by a candidate of your organisation is refused (400, field
    ``email``): look them up with ``GET /candidates?email=`` and apply them instead."""
    member = request.member
    fields = payload.dict()
    jobs = _jobs(member, fields.pop("job_ids"))
    candidate = do_add_candidate(member, **fields, jobs=jobs)
    # Not re-read through the read filter: a hiring manager who adds a candidate without a
    # job of theirs may not look them up later, but gets back what they just sent.
    applications = Application.objects.visible_to(member).filter(candidate=candidate)
    candidate.visible_applications = list(applications.order_by("pk"))
    return Status(201, candidate_out(member, candidate))


@router.patch(
    "/candidates/{candidate_id}",
    response=responses({200: CandidateOut}, 400, 403, 404),
    summary="Change a candidate's details (admins, recruiters, their hiring manager)",
)
def update_candidate(request, candidate_id: DbId, payload: CandidateUpdateIn):
    """Send only the fields to change. An e-mail another candidate of your organisation
    already has is refused (400, field ``email``)."""
    member = request.member
    candidate = candidate_for(member, candidate_id)
    do_update_candidate(member, candidate, **payload.dict(exclude_none=True))
    return candidate_out(member, candidate_for(member, candidate_id))


@router.post(
    "/candidates/{candidate_id}/applications",
    response=responses({201: CandidateApplicationOut}, 400, 403, 404),
    summary="Apply a candidate to a job",
)
def apply_candidate(request, candidate_id: DbId, payload: ApplyIn):
    """400 when the candidate already applied to that job."""
    member = request.member
    candidate = candidate_for(member, candidate_id)
    job = _jobs(member, [payload.job_id])[0]
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise ActionError(f"{candidate.name} already applied to {job.title}.", "job_id")
    app = do_apply_to_jobs(member, candidate, [job])[0]
    return Status(201, CandidateApplicationOut(id=app.pk, job_id=app.job_id, stage=app.stage))
