"""Moving an application between stages: advance one round, reject, withdraw, or set a
stage, through the pipeline page's write functions. "hired" comes only from an approved hire
decision (POST /decisions/{id}/verdict), never from here."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from secondround.api.applications import ApplicationOut, application_out
from secondround.api.lookups import application_for
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, Text, responses
from secondround.errors import ActionError
from secondround.hiring.actions import (
    do_advance_application,
    do_reject_application,
    do_set_stage,
    do_withdraw_application,
)
from secondround.hiring.models import RejectionReason, Round, Stage

router = ApiRouter(tags=["applications"])

ReasonIn = Literal[tuple(RejectionReason.values)]  # type: ignore[valid-type]
StageIn = Literal[tuple(Stage.values)]  # type: ignore[valid-type]


class RejectIn(Schema):
    reason: ReasonIn
    note: Text(10_000) = Field("", description="Required when the reason is other")


class WithdrawIn(Schema):
    note: Text(10_000) = Field("", description="Why, when the candidate said")


class StageMoveIn(Schema):
    stage: StageIn = Field(description="Any stage but hired, which needs an approved decision")
    round_id: DbId | None = Field(None, description="For a round stage: which round")
    note: Text(10_000) = ""


def _moved(member, application_id: int) -> ApplicationOut:
    return ApplicationOut(**application_out(application_for(member, application_id)))


@router.post(
    "/applications/{application_id}/advance",
    response=responses({200: ApplicationOut}, 400, 403, 404),
    summary="Advance to the next round (or to finalist after the last)",
)
def advance_application(request, application_id: DbId):
    """Open concerns go to someone on the next round's panel."""
    member = request.member
    do_advance_application(member, application_for(member, application_id))
    return _moved(member, application_id)


@router.post(
    "/applications/{application_id}/reject",
    response=responses({200: ApplicationOut}, 400, 403, 404),
    summary="Not hired, with a reason",
)
def reject_application(request, application_id: DbId, payload: RejectIn):
    """Interviews still ahead are cancelled."""
    member = request.member
    application = application_for(member, application_id)
    do_reject_application(member, application, reason=payload.reason, note=payload.note)
    return _moved(member, application_id)


@router.post(
    "/applications/{application_id}/withdraw",
    response=responses({200: ApplicationOut}, 400, 403, 404),
    summary="The candidate withdrew",
)
def withdraw_application(request, application_id: DbId, payload: WithdrawIn):
    member = request.member
    do_withdraw_application(member, application_for(member, application_id), note=payload.note)
    return _moved(member, application_id)


@router.post(
    "/applications/{application_id}/stage",
    response=responses({200: ApplicationOut}, 400, 403, 404),
    summary="Move to a stage (not hired)",
)
def set_stage(request, application_id: DbId, payload: StageMoveIn):
    """``hired`` is refused (400, field ``stage``) unless a hire decision was approved."""
    member = request.member
    application = application_for(member, application_id)
    round_ = None
    if payload.round_id is not None:
        round_ = Round.objects.visible_to(member).filter(pk=payload.round_id).first()
        if round_ is None:
            raise ActionError("No round you may see has that id.", "round_id")
    do_set_stage(member, application, payload.stage, round=round_, note=payload.note)
    return _moved(member, application_id)
