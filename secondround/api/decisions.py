"""Decisions: propose one for an application, give a verdict in turn, read the record."""

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from secondround.accounts.models import Member
from secondround.api.lookups import application_for
from secondround.api.schemas import DbId, PersonOut, Text, responses
from secondround.decisions.actions import do_give_verdict, do_propose_decision
from secondround.decisions.models import ApprovalStep, Decision, Outcome
from secondround.errors import ActionError

router = Router(tags=["decisions"])

OutcomeIn = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]


class StepOut(Schema):
    order: int
    approver: PersonOut
    verdict: str = Field(description="waiting, approved or rejected (a rejection is dissent)")
    rationale: str
    decided_at: datetime | None


class DecisionOut(Schema):
    id: int
    application_id: int
    outcome: str
    status: str
    summary: str
    rationale: dict[str, str] = Field(description="Competency name -> reasoning")
    override_reason: str
    overridden_concerns: list[int]
    proposed_by: PersonOut
    proposed_at: datetime
    decided_at: datetime | None
    steps: list[StepOut]


class ProposeIn(Schema):
    outcome: OutcomeIn
    summary: Text(20_000)
    rationale: dict[Text(120), Text(10_000)] = Field(default_factory=dict, max_length=100)
    approver_ids: list[DbId] = Field(description="The approval chain, in order", max_length=20)
    override_reason: Text(10_000) = Field(
        "", description="Needed to go ahead while a blocking concern is open"
    )


class VerdictIn(Schema):
    verdict: Literal["approved", "rejected"]
    rationale: Text(10_000)


def decision_out(member, decision: Decision) -> DecisionOut:
    decision = (
        Decision.objects.visible_to(member)
        .select_related("proposed_by")
        .prefetch_related("steps__approver")
        .get(pk=decision.pk)
    )
    return DecisionOut(
        id=decision.pk,
        application_id=decision.application_id,
        outcome=decision.outcome,
        status=decision.status,
        summary=decision.summary,
        rationale={str(k): str(v) for k, v in decision.rationale.items()},
        override_reason=decision.override_reason,
        overridden_concerns=list(decision.overridden_concerns),
        proposed_by=PersonOut.of(decision.proposed_by),
        proposed_at=decision.proposed_at,
        decided_at=decision.decided_at,
        steps=[_step_out(step) for step in decision.steps.all()],
    )


def _step_out(step: ApprovalStep) -> StepOut:
    return StepOut(
        order=step.order,
        approver=PersonOut.of(step.approver),
        verdict=step.verdict,
        rationale=step.rationale,
        decided_at=step.decided_at,
    )


def _approvers(member, ids: list[int]) -> list[Member]:
    """The chain in the order given. Repeats are kept so that the write function can refuse
    them; an id outside the organisation is refused here."""
    found = Member.objects.visible_to(member).in_bulk(set(ids))
    unknown = [pk for pk in ids if pk not in found]
    if unknown:
        raise ActionError(f"No member of your organisation has id {unknown[0]}.", "approver_ids")
    return [found[pk] for pk in ids]


@router.post(
    "/applications/{application_id}/decisions",
    response=responses({201: DecisionOut}, 400, 403, 404),
    summary="Propose a decision",
)
def propose_decision(request, application_id: DbId, payload: ProposeIn):
    """Open blocking concerns stop the proposal (400, field ``override_reason``) unless
    ``override_reason`` says why it goes ahead; the reason stays on the record."""
    member = request.member
    application = application_for(member, application_id)
    decision = do_propose_decision(
        member,
        application,
        outcome=payload.outcome,
        summary=payload.summary,
        rationale=payload.rationale,
        approvers=_approvers(member, payload.approver_ids),
        override_reason=payload.override_reason,
    )
    return Status(201, decision_out(member, decision))


@router.get(
    "/decisions/{decision_id}",
    response=responses({200: DecisionOut}, 404),
    summary="A decision with its approval chain and any dissent",
)
def get_decision(request, decision_id: DbId):
    decision = get_object_or_404(Decision.objects.visible_to(request.member), pk=decision_id)
    return decision_out(request.member, decision)


@router.post(
    "/decisions/{decision_id}/verdict",
    response=responses({200: DecisionOut}, 400, 403, 404),
    summary="Approve or reject, in turn",
)
def give_verdict(request, decision_id: DbId, payload: VerdictIn):
    """Only the approver whose turn it is may answer (403 otherwise). The last approver's
    verdict settles the decision."""
    member = request.member
    decision = get_object_or_404(Decision.objects.visible_to(member), pk=decision_id)
    decision = do_give_verdict(member, decision, payload.verdict, payload.rationale)
    return decision_out(member, decision)
