"""Who am I, and the jobs I may see with their competencies and rating scale."""

from django.db.models import Prefetch
from ninja import Router, Schema

from secondround.api.schemas import PersonOut, responses
from secondround.hiring.models import Competency, Job

router = Router(tags=["me and jobs"])


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
    status: str
    hiring_manager: PersonOut | None
    scale: ScaleOut
    competencies: list[CompetencyOut]


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


@router.get("/jobs", response=responses({200: list[JobOut]}), summary="Jobs I may see")
def list_jobs(request):
    member = request.member
    jobs = (
        Job.objects.visible_to(member)
        .select_related("hiring_manager")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.visible_to(member)))
    )
    return [job_out(job) for job in jobs]


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        title=job.title,
        department=job.department,
        status=job.status,
        hiring_manager=PersonOut.of(job.hiring_manager),
        scale=ScaleOut(min=job.scale_min, max=job.scale_max),
        competencies=[
            CompetencyOut(id=c.pk, name=c.name, kind=c.kind, weight=c.weight)
            for c in job.competencies.all()
        ],
    )
