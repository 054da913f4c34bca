"""Who am I, and jobs: list, read, open and edit them (the job setup page's rules)."""

from datetime import datetime
from typing import Annotated, Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import Field

from secondround.accounts.models import Member
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, PersonOut, Text, responses
from secondround.errors import ActionError
from secondround.hiring.actions import do_create_job, do_update_job
from secondround.hiring.models import Competency, Job, JobStatus

router = ApiRouter(tags=["me and jobs"])

JobStatusIn = Literal[tuple(JobStatus.values)]  # type: ignore[valid-type]
ScalePoint = Annotated[int, Field(ge=0, le=10)]


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str


class MeOut(Schema):
    id: int
    name: str
    email: str
    title: str
    organisation: OrganisationOut
    roles: list[str]


class CompetencyOut(Schema):
    id: int
    name: str
    kind: str
    weight: float


class ScaleOut(Schema):
    min: int
    max: int


class JobOut(Schema):
    id: int
    title: str
    department: str
    description: str
    status: str
    hiring_manager: PersonOut | None
    scale: ScaleOut
    competencies: list[CompetencyOut]
    created_at: datetime


JobPage = page_of(JobOut)


class JobIn(Schema):
    title: Text(200)
    department: Text(200) = ""
    description: Text(20_000) = ""
    status: JobStatusIn = "open"
    hiring_manager_id: DbId | None = Field(
        None, description="A hiring manager of your organisation (admins and recruiters choose)"
    )
    scale_min: ScalePoint = 1
    scale_max: ScalePoint = 4


class JobPatch(Schema):
    """Only the fields sent change; null empties department or description."""

    title: Text(200) | None = None
    department: Text(200) | None = None
    description: Text(20_000) | None = None
    status: JobStatusIn | None = None
    hiring_manager_id: DbId | None = None


@router.get("/me", response=responses({200: MeOut}), summary="The token's member")
def me(request):
    member = request.member
    org = member.organisation
    return MeOut(
        id=member.pk,
        name=member.display_name,
        email=member.email,
        title=member.title,
        organisation=OrganisationOut(id=org.pk, name=org.name, slug=org.slug),
        roles=sorted(member.roles),
    )


def _jobs(member):
    return (
        Job.objects.visible_to(member)
        .select_related("hiring_manager")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.visible_to(member)))
    )


def job_for(member, job_id: int) -> Job:
    return get_object_or_404(_jobs(member), pk=job_id)


@router.get("/jobs", response=responses({200: JobPage}), summary="Jobs I may see")
def list_jobs(
    request,
    status: JobStatusIn | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    jobs = _jobs(request.member)
    if status is not None:
        jobs = jobs.filter(status=status)
    return paginate(request, jobs, job_out, cursor=cursor, limit=limit)


@router.get("/jobs/{job_id}", response=responses({200: JobOut}, 404), summary="One job")
def get_job(request, job_id: DbId):
    return job_out(job_for(request.member, job_id))


def _manager(member, manager_id: int | None) -> Member | None:
    if manager_id is None:
        return None
    manager = Member.objects.visible_to(member).filter(pk=manager_id).first()
    if manager is None:
        raise ActionError("Choose a hiring manager from your organisation.", "hiring_manager_id")
    return manager


@router.post(
    "/jobs",
    response=responses({201: JobOut}, 400, 403),
    summary="Open a job (admins, recruiters, hiring managers)",
)
def create_job(request, payload: JobIn):
    """A hiring manager who opens a job manages it, whatever ``hiring_manager_id`` says."""
    member = request.member
    job = do_create_job(
        member,
        title=payload.title,
        department=payload.department,
        description=payload.description,
        hiring_manager=_manager(member, payload.hiring_manager_id),
        scale_min=payload.scale_min,
        scale_max=payload.scale_max,
        status=payload.status,
    )
    return Status(201, job_out(job_for(member, job.pk)))


@router.patch(
    "/jobs/{job_id}",
    response=responses({200: JobOut}, 400, 403, 404),
    summary="Change a job's title, department, description, status or hiring manager",
)
def update_job(request, job_id: DbId, payload: JobPatch):
    """Only the fields sent change. Only admins and recruiters change the hiring manager."""
    member = request.member
    job = job_for(member, job_id)
    fields = payload.dict(exclude_unset=True)
    for name in ("title", "status"):
        if name in fields and fields[name] is None:
            raise ActionError(f"{name} cannot be empty.", name)
    if "hiring_manager_id" in fields:
        fields["hiring_manager"] = _manager(member, fields.pop("hiring_manager_id"))
    fields = {
        k: ("" if v is None else v) if k != "hiring_manager" else v for k, v in fields.items()
    }
    do_update_job(member, job, **fields)
    return job_out(job_for(member, job.pk))


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        title=job.title,
        department=job.department,
        description=job.description,
        status=job.status,
        hiring_manager=PersonOut.of(job.hiring_manager),
        scale=ScaleOut(min=job.scale_min, max=job.scale_max),
        competencies=[
            CompetencyOut(id=c.pk, name=c.name, kind=c.kind, weight=c.weight)
            for c in job.competencies.all()
        ],
        created_at=job.created_at,
    )
