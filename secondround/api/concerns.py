"""The concern ledger: raise a concern about an application, close one with evidence."""

from datetime import datetime
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import Field

from secondround.accounts.models import Member
from secondround.api.lookups import application_for
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, Moment, PersonOut, Text, responses
from secondround.concerns.actions import (
    do_assign_concern,
    do_raise_concern,
    do_resolve_concern,
)
from secondround.concerns.models import RAISABLE_TYPES, Concern, ConcernStatus
from secondround.errors import ActionError
from secondround.hiring.models import Interview, Job

router = ApiRouter(tags=["concerns"])
StatusIn = Literal[tuple(ConcernStatus.values)]  # type: ignore[valid-type]

ConcernTypeIn = Literal[tuple(value for value, _ in RAISABLE_TYPES)]  # type: ignore[valid-type]
ClosingStatus = Literal["resolved", "confirmed", "unresolvable"]


class ConcernOut(Schema):
    id: int
    application_id: int
    type: str
    title: str
    details: str
    probe: str = Field(description="What to ask to clear it up")
    blocking: bool
    status: str
    raised_by: PersonOut
    owner: PersonOut | None
    resolution_evidence: str
    resolved_by: PersonOut | None
    resolved_at: datetime | None
    evidence_from_interview_id: int | None = Field(
        description="The interview the closing evidence came from"
    )
    created_at: datetime


class ConcernIn(Schema):
    type: ConcernTypeIn
    title: Text(200)
    details: Text(10_000) = ""
    probe: Text(10_000) = ""
    blocking: bool = False
    owner_id: DbId | None = Field(None, description="The member who will probe it next")


class ResolveIn(Schema):
    status: ClosingStatus
    evidence: Text(10_000)
    interview_id: DbId | None = Field(
        None,
        description="The interview the evidence came from; it must have started. Leave it "
        "out for evidence from outside an interview (a reference, a work sample): only the "
        "hiring team may.",
    )


class OwnerIn(Schema):
    owner_id: DbId = Field(description="The member who will own (probe and close) it")


def concern_out(concern: Concern) -> ConcernOut:
    return ConcernOut(
        id=concern.pk,
        application_id=concern.application_id,
        type=concern.type,
        title=concern.title,
        details=concern.details,
        probe=concern.probe,
        blocking=concern.blocking,
        status=concern.status,
        raised_by=PersonOut.of(concern.raised_by),
        owner=PersonOut.of(concern.owner),
        resolution_evidence=concern.resolution_evidence,
        resolved_by=PersonOut.of(concern.resolved_by),
        resolved_at=concern.resolved_at,
        evidence_from_interview_id=concern.evidence_from_id,
        created_at=concern.created_at,
    )


def with_people(queryset):
    return queryset.select_related("raised_by", "owner", "resolved_by")


ConcernPage = page_of(ConcernOut)


@router.get(
    "/concerns",
    response=responses({200: ConcernPage}, 404),
    summary="Concerns I may see (blind feedback applies)",
)
def list_concerns(
    request,
    job: DbId | None = None,
    application: DbId | None = None,
    status: StatusIn | None = None,
    owner: DbId | None = None,
    blocking: bool | None = None,
    updated_since: Moment | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    """A concern raised from a colleague's scorecard stays hidden while you owe your own
    scorecard in that round. ``updated_since``: raised or closed since then."""
    member = request.member
    concerns = with_people(Concern.objects.visible_to(member))
    if job is not None:
        get_object_or_404(Job.objects.visible_to(member), pk=job)
        concerns = concerns.filter(application__job_id=job)
    if application is not None:
        concerns = concerns.filter(application_id=application)
    if status is not None:
        concerns = concerns.filter(status=status)
    if owner is not None:
        concerns = concerns.filter(owner_id=owner)
    if blocking is not None:
        concerns = concerns.filter(blocking=blocking)
    if updated_since is not None:
        concerns = concerns.filter(
            Q(created_at__gte=updated_since) | Q(resolved_at__gte=updated_since)
        )
    return paginate(request, concerns, concern_out, cursor=cursor, limit=limit)


@router.get(
    "/concerns/{concern_id}", response=responses({200: ConcernOut}, 404), summary="A concern"
)
def get_concern(request, concern_id: DbId):
    concern = get_object_or_404(
        with_people(Concern.objects.visible_to(request.member)), pk=concern_id
    )
    return concern_out(concern)


@router.post(
    "/applications/{application_id}/concerns",
    response=responses({201: ConcernOut}, 400, 403, 404),
    summary="Raise a concern",
)
def raise_concern(request, application_id: DbId, payload: ConcernIn):
    member = request.member
    application = application_for(member, application_id)
    owner = None
    if payload.owner_id is not None:
        owner = Member.objects.visible_to(member).filter(pk=payload.owner_id).first()
        if owner is None:
            raise ActionError("Choose an owner from your organisation.", "owner_id")
    concern = do_raise_concern(
        member,
        application,
        type=payload.type,
        title=payload.title,
        details=payload.details,
        probe=payload.probe,
        blocking=payload.blocking,
        owner=owner,
    )
    concern = with_people(Concern.objects.visible_to(member)).get(pk=concern.pk)
    return Status(201, concern_out(concern))


@router.post(
    "/concerns/{concern_id}/resolve",
    response=responses({200: ConcernOut}, 400, 403, 404),
    summary="Close a concern with evidence",
)
def resolve_concern(request, concern_id: DbId, payload: ResolveIn):
    member = request.member
    concern = get_object_or_404(Concern.objects.visible_to(member), pk=concern_id)
    interview = None
    if payload.interview_id is not None:
        interview = (
            Interview.objects.visible_to(member)
            .filter(application=concern.application_id, pk=payload.interview_id)
            .first()
        )
        if interview is None:
            raise ActionError("That interview is not one of this candidate's.", "interview_id")
    do_resolve_concern(member, concern, payload.status, payload.evidence, interview=interview)
    return concern_out(with_people(Concern.objects.visible_to(member)).get(pk=concern.pk))


@router.post(
    "/concerns/{concern_id}/owner",
    response=responses({200: ConcernOut}, 400, 403, 404),
    summary="Give a concern an owner, or a new one",
)
def assign_concern(request, concern_id: DbId, payload: OwnerIn):
    """The hiring team (admins, recruiters, the job's hiring manager) and the concern's
    raiser may (403 otherwise)."""
    member = request.member
    concern = get_object_or_404(Concern.objects.visible_to(member), pk=concern_id)
    owner = Member.objects.visible_to(member).filter(pk=payload.owner_id).first()
    if owner is None:
        raise ActionError("Choose an owner from your organisation.", "owner_id")
    do_assign_concern(member, concern, owner)
    return concern_out(with_people(Concern.objects.visible_to(member)).get(pk=concern.pk))
