"""A job's competencies (with their rubric) and rounds (objectives, focus, panel): list, read,
add and change them, with the job setup page's rules."""

from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import Field

from secondround.accounts.models import Member
from secondround.api.jobs import job_for
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, PersonOut, Text, responses
from secondround.errors import ActionError
from secondround.hiring.actions import do_save_competency, do_save_round
from secondround.hiring.models import Competency, CompetencyKind, Objective, Round

router = ApiRouter(tags=["competencies and rounds"])

KindIn = Literal[tuple(CompetencyKind.values)]  # type: ignore[valid-type]
ObjectiveIn = Literal[tuple(Objective.values)]  # type: ignore[valid-type]
Weight = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]


class CompetencyDetailOut(Schema):
    id: int
    job_id: int
    name: str
    kind: str
    weight: float
    description: str
    anchors: dict[str, str] = Field(description="Scale point -> the behaviour that earns it")


class CompetencyIn(Schema):
    name: Text(120)
    kind: KindIn = "skill"
    weight: Weight = 1.0
    description: Text(10_000) = ""
    anchors: dict[Annotated[int, Field(ge=0, le=10)], Text(2_000)] = Field(
        description="One behavioural anchor per point of the job's scale, e.g. "
        '{"1": "Weak", "2": "Mixed", "3": "Good", "4": "Excellent"}',
        max_length=11,
    )


class RefOut(Schema):
    id: int
    name: str


class RoundDetailOut(Schema):
    id: int
    job_id: int
    number: int
    name: str
    purpose: str
    objectives: list[str]
    duration_minutes: int
    focus_competencies: list[RefOut]
    panel: list[PersonOut]


class RoundIn(Schema):
    number: Annotated[int, Field(ge=1, le=50)]
    name: Text(120)
    objectives: list[ObjectiveIn] = Field(default_factory=list, max_length=5)
    purpose: Text(10_000) = ""
    focus_competency_ids: list[DbId] = Field(default_factory=list, max_length=100)
    panel_ids: list[DbId] = Field(default_factory=list, max_length=100)
    duration_minutes: Annotated[int, Field(ge=5, le=600)] = 60


CompetencyPage = page_of(CompetencyDetailOut)
RoundPage = page_of(RoundDetailOut)


def competency_out(c: Competency) -> CompetencyDetailOut:
    return CompetencyDetailOut(
        id=c.pk,
        job_id=c.job_id,
        name=c.name,
        kind=c.kind,
        weight=c.weight,
        description=c.description,
        anchors={str(a.point): a.text for a in c.anchors.all()},
    )


def _competencies(member):
    return Competency.objects.visible_to(member).prefetch_related("anchors")


def _competency_for(member, pk: int) -> Competency:
    return get_object_or_404(_competencies(member).select_related("job"), pk=pk)


@router.get(
    "/jobs/{job_id}/competencies",
    response=responses({200: CompetencyPage}, 404),
    summary="A job's competencies with their rubric",
)
def list_competencies(request, job_id: DbId, cursor: CursorParam | None = None, limit: Limit = 50):
    job = job_for(request.member, job_id)
    competencies = _competencies(request.member).filter(job=job)
    return paginate(request, competencies, competency_out, cursor=cursor, limit=limit)


@router.get(
    "/competencies/{competency_id}",
    response=responses({200: CompetencyDetailOut}, 404),
    summary="One competency with its rubric",
)
def get_competency(request, competency_id: DbId):
    return competency_out(_competency_for(request.member, competency_id))


@router.post(
    "/jobs/{job_id}/competencies",
    response=responses({201: CompetencyDetailOut}, 400, 403, 404),
    summary="Add a competency to a job",
)
def create_competency(request, job_id: DbId, payload: CompetencyIn):
    """Every point of the job's scale needs an anchor (400 otherwise)."""
    member = request.member
    job = job_for(member, job_id)
    saved = do_save_competency(member, job, **payload.dict())
    return Status(201, competency_out(_competency_for(member, saved.pk)))


@router.put(
    "/competencies/{competency_id}",
    response=responses({200: CompetencyDetailOut}, 400, 403, 404),
    summary="Change a competency and its rubric",
)
def update_competency(request, competency_id: DbId, payload: CompetencyIn):
    member = request.member
    competency = _competency_for(member, competency_id)
    do_save_competency(member, competency.job, **payload.dict(), competency=competency)
    return competency_out(_competency_for(member, competency.pk))


def round_out(r: Round) -> RoundDetailOut:
    return RoundDetailOut(
        id=r.pk,
        job_id=r.job_id,
        number=r.number,
        name=r.name,
        purpose=r.purpose,
        objectives=list(r.objectives),
        duration_minutes=r.duration_minutes,
        focus_competencies=[RefOut(id=c.pk, name=c.name) for c in r.focus_competencies.all()],
        panel=[PersonOut.of(m) for m in r.panel.all()],
    )


def _rounds(member):
    return Round.objects.visible_to(member).prefetch_related("focus_competencies", "panel")


def _round_for(member, pk: int) -> Round:
    return get_object_or_404(_rounds(member).select_related("job"), pk=pk)


def _round_fields(member, job, payload: RoundIn) -> dict:
    focus = list(Competency.objects.visible_to(member).filter(pk__in=payload.focus_competency_ids))
    if len(focus) != len(set(payload.focus_competency_ids)):
        raise ActionError("Focus competencies must belong to this job.", "focus_competency_ids")
    panel = list(Member.objects.visible_to(member).filter(pk__in=payload.panel_ids))
    if len(panel) != len(set(payload.panel_ids)):
        raise ActionError("Panel members must belong to your organisation.", "panel_ids")
    return {
        "number": payload.number,
        "name": payload.name,
        "objectives": list(payload.objectives),
        "purpose": payload.purpose,
        "focus": focus,
        "panel": panel,
        "duration_minutes": payload.duration_minutes,
    }


@router.get(
    "/jobs/{job_id}/rounds",
    response=responses({200: RoundPage}, 404),
    summary="A job's rounds",
)
def list_rounds(request, job_id: DbId, cursor: CursorParam | None = None, limit: Limit = 50):
    job = job_for(request.member, job_id)
    rounds = _rounds(request.member).filter(job=job)
    return paginate(request, rounds, round_out, cursor=cursor, limit=limit)


@router.get("/rounds/{round_id}", response=responses({200: RoundDetailOut}, 404), summary="A round")
def get_round(request, round_id: DbId):
    return round_out(_round_for(request.member, round_id))


@router.post(
    "/jobs/{job_id}/rounds",
    response=responses({201: RoundDetailOut}, 400, 403, 404),
    summary="Add a round to a job's interview plan",
)
def create_round(request, job_id: DbId, payload: RoundIn):
    member = request.member
    job = job_for(member, job_id)
    saved = do_save_round(member, job, **_round_fields(member, job, payload))
    return Status(201, round_out(_round_for(member, saved.pk)))


@router.put(
    "/rounds/{round_id}",
    response=responses({200: RoundDetailOut}, 400, 403, 404),
    summary="Change a round: number, name, objectives, purpose, focus, panel, length",
)
def update_round(request, round_id: DbId, payload: RoundIn):
    member = request.member
    round_ = _round_for(member, round_id)
    do_save_round(member, round_.job, **_round_fields(member, round_.job, payload), round=round_)
    return round_out(_round_for(member, round_.pk))
