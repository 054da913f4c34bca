"""Applications I may see, and one application with its rounds, interviews and open
concerns. Stage moves are in stages.py."""

from datetime import datetime
from typing import Literal

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from ninja import Schema
from pydantic import Field

from secondround.api.concerns import ConcernOut, concern_out, with_people
from secondround.api.lookups import application_for
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, Moment, PersonOut, responses
from secondround.concerns.models import Concern
from secondround.hiring.models import Application, Interview, Job, Round, Stage, StageChange

router = ApiRouter(tags=["applications"])

StageIn = Literal[tuple(Stage.values)]  # type: ignore[valid-type]

NOTES_PERM = "hiring.view_candidate_notes"


class NamedOut(Schema):
    id: int
    name: str


class JobRefOut(Schema):
    id: int
    title: str


class ApplicationOut(Schema):
    id: int
    candidate: NamedOut
    job: JobRefOut
    stage: str
    current_round_id: int | None = Field(description="The round the candidate is (last) in")
    created_at: datetime


ApplicationPage = page_of(ApplicationOut)


class RoundInterviewOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    interviewers: list[PersonOut]


class RoundOut(Schema):
    id: int
    number: int
    name: str
    purpose: str
    objectives: list[str]
    focus_competencies: list[NamedOut]
    interviews: list[RoundInterviewOut] = Field(
        description="This application's interviews I may see"
    )


class ApplicationDetailOut(ApplicationOut):
    notes: str | None = Field(
        description="The candidate's internal notes; null unless you may read them "
        "(admins, recruiters and the job's hiring manager)"
    )
    rounds: list[RoundOut]
    open_concerns: list[ConcernOut]


def application_out(app: Application) -> dict:
    return {
        "id": app.pk,
        "candidate": NamedOut(id=app.candidate_id, name=app.candidate.name),
        "job": JobRefOut(id=app.job_id, title=app.job.title),
        "stage": app.stage,
        "current_round_id": app.current_round_id,
        "created_at": app.created_at,
    }


@router.get(
    "/applications",
    response=responses({200: ApplicationPage}, 404),
    summary="Applications I may see",
)
def list_applications(
    request,
    job: DbId | None = None,
    candidate: DbId | None = None,
    stage: StageIn | None = None,
    updated_since: Moment | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    """Filter by ``job`` (a job you may not see is a 404), ``candidate``, ``stage``, and
    ``updated_since`` (created, or moved between stages, since then)."""
    member = request.member
    applications = Application.objects.visible_to(member).select_related("job", "candidate")
    if job is not None:
        get_object_or_404(Job.objects.visible_to(member), pk=job)
        applications = applications.filter(job_id=job)
    if candidate is not None:
        applications = applications.filter(candidate_id=candidate)
    if stage is not None:
        applications = applications.filter(stage=stage)
    if updated_since is not None:
        moved = StageChange.objects.filter(application=OuterRef("pk"), moved_at__gte=updated_since)
        applications = applications.filter(Q(created_at__gte=updated_since) | Exists(moved))
    return paginate(
        request,
        applications,
        lambda app: ApplicationOut(**application_out(app)),
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/applications/{application_id}",
    response=responses({200: ApplicationDetailOut}, 404),
    summary="One application with its rounds, interviews and open concerns",
)
def get_application(request, application_id: DbId):
    member = request.member
    app = application_for(member, application_id)
    interviews = list(
        Interview.objects.visible_to(member)
        .filter(application=app)
        .prefetch_related("interviewers")
        .order_by("round__number", "starts_at")
    )
    rounds = list(
        Round.objects.visible_to(member)
        .filter(job_id=app.job_id)
        .prefetch_related("focus_competencies")
    )
    concerns = with_people(Concern.objects.visible_to(member).filter(application=app).open())
    may_read_notes = member.user.has_perm(NOTES_PERM, app)
    return ApplicationDetailOut(
        **application_out(app),
        notes=app.candidate.notes if may_read_notes else None,
        rounds=[_round_out(r, interviews) for r in rounds],
        open_concerns=[concern_out(c) for c in concerns],
    )


def _round_out(round_: Round, interviews: list[Interview]) -> RoundOut:
    return RoundOut(
        id=round_.pk,
        number=round_.number,
        name=round_.name,
        purpose=round_.purpose,
        objectives=list(round_.objectives),
        focus_competencies=[
            NamedOut(id=c.pk, name=c.name) for c in round_.focus_competencies.all()
        ],
        interviews=[
            RoundInterviewOut(
                id=i.pk,
                starts_at=i.starts_at,
                ends_at=i.ends_at,
                status=i.status,
                interviewers=[PersonOut.of(m) for m in i.interviewers.all()],
            )
            for i in interviews
            if i.round_id == round_.pk
        ],
    )
