"""Interviews: list and read those I may see; schedule, reschedule and cancel them (the
interview form's rules: times need a time zone, a panel of active members, and a slot that
overlaps a panel member's interview or their working hours needs ``schedule_anyway``)."""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from pydantic import AfterValidator, Field

from secondround.accounts.models import Member
from secondround.api.lookups import application_for, interview_for
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, ErrorOut, Moment, PersonOut, Text, responses
from secondround.errors import ActionError
from secondround.hiring.actions import (
    do_cancel_interview,
    do_reschedule_interview,
    do_schedule_interview,
)
from secondround.hiring.application_actions import ensure_runs_pipeline
from secondround.hiring.models import Interview, InterviewStatus, Job, Round
from secondround.scheduling.warnings import scheduling_warnings

router = ApiRouter(tags=["interviews"])


def _url_or_empty(value: str) -> str:
    if value.strip():
        try:
            URLValidator(schemes=["http", "https"])(value.strip())
        except DjangoValidationError as bad:
            raise ValueError("Give the video link as an http(s) address.") from bad
    return value


VideoLink = Annotated[Text(200), AfterValidator(_url_or_empty)]


class InterviewOut(Schema):
    id: int
    application_id: int
    round_id: int
    starts_at: datetime
    ends_at: datetime
    status: str = Field(description="scheduled, completed or cancelled")
    location: str
    video_link: str
    interviewers: list[PersonOut]
    recorded_after: bool = Field(description="Entered after it took place")
    cancel_reason: str


class WarningsOut(ErrorOut):
    warnings: list[str] = Field(description="What to confirm with schedule_anyway")


class ScheduleIn(Schema):
    round_id: DbId
    starts_at: Moment = Field(description="With a time zone; in the past records one held")
    ends_at: Moment
    interviewer_ids: list[DbId] = Field(max_length=20)
    location: Text(200) = ""
    video_link: VideoLink = ""
    schedule_anyway: bool = Field(
        False, description="Go ahead despite overlaps or out-of-hours slots (see the 409)"
    )


class RescheduleIn(Schema):
    starts_at: Moment
    ends_at: Moment
    interviewer_ids: list[DbId] | None = Field(
        None, max_length=20, description="The new panel; leave out to keep it"
    )
    location: Text(200) | None = None
    video_link: VideoLink | None = None
    schedule_anyway: bool = False


class CancelIn(Schema):
    reason: Text(10_000) = ""


InterviewPage = page_of(InterviewOut)


def interview_out(interview: Interview) -> InterviewOut:
    return InterviewOut(
        id=interview.pk,
        application_id=interview.application_id,
        round_id=interview.round_id,
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        status=interview.status,
        location=interview.location,
        video_link=interview.video_link,
        interviewers=[PersonOut.of(m) for m in interview.interviewers.all()],
        recorded_after=interview.recorded_after,
        cancel_reason=interview.cancel_reason,
    )


def _interviews(member):
    return Interview.objects.visible_to(member).prefetch_related("interviewers")


def _reread(member, pk: int) -> InterviewOut:
    return interview_out(_interviews(member).get(pk=pk))


def _people(member, ids: list[int]) -> list[Member]:
    found = Member.objects.visible_to(member).in_bulk(set(ids))
    unknown = [pk for pk in ids if pk not in found]
    if unknown:
        raise ActionError(f"No member of your organisation has id {unknown[0]}.", "interviewer_ids")
    return [found[pk] for pk in dict.fromkeys(ids)]


class SlotWarnings(Exception):
    """The slot needs the organiser's confirmation (answered as a 409 by api.py)."""

    def __init__(self, warnings: list[str]):
        super().__init__("; ".join(warnings))
        self.warnings = warnings


def _confirm(member, people, starts_at, ends_at, anyway: bool, exclude=None) -> None:
    """As the web form: an interview ahead that clashes is booked only once confirmed. One
    recorded after it took place is history, not a plan: nothing to warn."""
    from django.utils import timezone

    if anyway or starts_at <= timezone.now():
        return
    warnings = scheduling_warnings(member, people, starts_at, ends_at, exclude=exclude)
    if warnings:
        raise SlotWarnings(warnings)


@router.get(
    "/interviews", response=responses({200: InterviewPage}, 404), summary="Interviews I may see"
)
def list_interviews(
    request,
    job: DbId | None = None,
    application: DbId | None = None,
    status: Literal[tuple(InterviewStatus.values)] | None = None,  # type: ignore[valid-type]
    starts_after: Moment | None = None,
    starts_before: Moment | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    """An interviewer sees the interviews they are on; the hiring team sees all of theirs."""
    member = request.member
    interviews = _interviews(member)
    if job is not None:
        get_object_or_404(Job.objects.visible_to(member), pk=job)
        interviews = interviews.filter(application__job_id=job)
    if application is not None:
        interviews = interviews.filter(application_id=application)
    if status is not None:
        interviews = interviews.filter(status=status)
    if starts_after is not None:
        interviews = interviews.filter(starts_at__gte=starts_after)
    if starts_before is not None:
        interviews = interviews.filter(starts_at__lt=starts_before)
    return paginate(request, interviews, interview_out, cursor=cursor, limit=limit)


@router.get(
    "/interviews/{interview_id}",
    response=responses({200: InterviewOut}, 404),
    summary="One interview",
)
def get_interview(request, interview_id: DbId):
    member = request.member
    return _reread(member, interview_for(member, interview_id).pk)


@router.post(
    "/applications/{application_id}/interviews",
    response=responses({201: InterviewOut, 409: WarningsOut}, 400, 403, 404),
    summary="Schedule an interview",
)
def schedule_interview(request, application_id: DbId, payload: ScheduleIn):
    """409 with ``warnings`` when a panel member has an overlapping interview or the slot
    is outside their working hours: send it again with ``schedule_anyway`` to book it."""
    member = request.member
    application = application_for(member, application_id)
    round_ = Round.objects.visible_to(member).filter(pk=payload.round_id).first()
    if round_ is None:
        raise ActionError("No round you may see has that id.", "round_id")
    ensure_runs_pipeline(member, application.job)
    people = _people(member, payload.interviewer_ids)
    _confirm(member, people, payload.starts_at, payload.ends_at, payload.schedule_anyway)
    interview = do_schedule_interview(
        member,
        application,
        round_,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        interviewers=people,
        location=payload.location,
        video_link=payload.video_link,
    )
    return Status(201, _reread(member, interview.pk))


@router.post(
    "/interviews/{interview_id}/reschedule",
    response=responses({200: InterviewOut, 409: WarningsOut}, 400, 403, 404),
    summary="Move an interview, change its place or its panel",
)
def reschedule_interview(request, interview_id: DbId, payload: RescheduleIn):
    """Someone who already submitted a scorecard for it stays on the panel (400)."""
    member = request.member
    interview = interview_for(member, interview_id)
    ensure_runs_pipeline(member, interview.application.job)
    people = None if payload.interviewer_ids is None else _people(member, payload.interviewer_ids)
    panel = people if people is not None else list(interview.interviewers.all())
    _confirm(
        member, panel, payload.starts_at, payload.ends_at, payload.schedule_anyway, interview.pk
    )
    do_reschedule_interview(
        member,
        interview,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        interviewers=people,
        location=payload.location,
        video_link=payload.video_link,
    )
    return _reread(member, interview.pk)


@router.post(
    "/interviews/{interview_id}/cancel",
    response=responses({200: InterviewOut}, 400, 403, 404),
    summary="Cancel an interview that has not taken place",
)
def cancel_interview(request, interview_id: DbId, payload: CancelIn):
    member = request.member
    interview = interview_for(member, interview_id)
    do_cancel_interview(member, interview, reason=payload.reason)
    return _reread(member, interview.pk)
