"""Applications I may see, and one application with its rounds, interviews and open concerns."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from secondround.api.concerns import ConcernOut, concern_out, with_people
from secondround.api.lookups import application_for
from secondround.api.schemas import DbId, PersonOut, responses
from secondround.concerns.models import Concern
from secondround.hiring.models import Application, Interview, Job, Round

router = Router(tags=["applications"])

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
    created_at: datetime


class InterviewOut(Schema):
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
    interviews: list[InterviewOut] = Field(description="This application's interviews I may see")


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
        "created_at": app.created_at,
    }


@router.get(
    "/applications",
    response=responses({200: list[ApplicationOut]}, 404),
    summary="Applications I may see",
)
def list_applications(request, job: DbId | None = None):
    """Filter by ``job``; a job you may not see is a 404."""
    member = request.member
    applications = Application.objects.visible_to(member).select_related("job", "candidate")
    if job is not None:
        get_object_or_404(Job.objects.visible_to(member), pk=job)
        applications = applications.filter(job_id=job)
    return [ApplicationOut(**application_out(app)) for app in applications]


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
            InterviewOut(
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
