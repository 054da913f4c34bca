"""Decisions: propose one for an application, give a verdict in turn, read the record."""

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
from secondround.decisions.actions import (
    do_give_verdict,
    do_propose_decision,
    do_withdraw_decision,
    sent_back_decision,
)
from secondround.decisions.evidence import text_hidden
from secondround.decisions.models import ApprovalStep, Decision, DecisionStatus, Outcome
from secondround.errors import ActionError
from secondround.hiring.models import Job

router = ApiRouter(tags=["decisions"])
StatusIn = Literal[tuple(DecisionStatus.values)]  # type: ignore[valid-type]

OutcomeIn = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]


class StepOut(Schema):
    order: int
    approver: PersonOut
    verdict: str = Field(
        description="waiting, approved, rejected (a rejection is dissent) or more_evidence"
    )
    rationale: str = Field(description="Empty while the reader is blind (see ``text_hidden``)")
    evidence_kind: str = Field(
        description="With more_evidence: interview, reference or work_sample; else empty"
    )
    evidence_concern_id: int | None = Field(
        description="The concern that a request for more evidence became"
    )
    decided_at: datetime | None


class MissingScorecardOut(Schema):
    interview: int
    round: str
    member: int
    name: str
    status: str = Field(description="draft, not_started or to_come (interview still to come)")


class DecisionOut(Schema):
    id: int
    application_id: int
    outcome: str
    status: str = Field(
        description="pending, approved, rejected (stopped by a rejection: sent back to the "
        "hiring manager), more_evidence (sent back with a request) or withdrawn"
    )
    version: int = Field(description="1, then one more for each revision")
    previous_id: int | None = Field(description="The sent-back decision this one revises")
    text_hidden: bool = Field(
        description="True while the reader sits on the candidate's panel and still owes a "
        "scorecard: the proposer's summary, rationale and reasons and the approvers' "
        "reasoning are then empty, as on the web pages"
    )
    summary: str
    rationale: dict[str, str] = Field(description="Competency name -> reasoning")
    override_reason: str
    overridden_concerns: list[int]
    incomplete_reason: str = Field(
        description="Why the decision went ahead with scorecards missing"
    )
    withdraw_reason: str = Field(description="Why the hiring manager withdrew it, if they did")
    missing_scorecards: list[MissingScorecardOut] = Field(
        description="The panel's scorecards not in when the decision was proposed"
    )
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
    incomplete_reason: Text(10_000) = Field(
        "",
        description="Needed to go ahead while a panel member's scorecard is not in (a draft, "
        "not started, or an interview still to come)",
    )


class VerdictIn(Schema):
    verdict: Literal["approved", "rejected", "more_evidence"]
    rationale: Text(10_000) = Field(
        description="Your reasoning; for more_evidence, what it should show"
    )
    evidence_kind: Literal["", "interview", "reference", "work_sample"] = Field(
        "", description="Required with more_evidence"
    )


class WithdrawIn(Schema):
    reason: Text(10_000)


def _decisions(member):
    return (
        Decision.objects.visible_to(member)
        .select_related("proposed_by", "application")
        .prefetch_related("steps__approver")
    )


def decision_out(member, decision: Decision) -> DecisionOut:
    return _decision_out(member, _decisions(member).get(pk=decision.pk))


def _decision_out(member, decision: Decision) -> DecisionOut:
    hidden = text_hidden(member, decision)
    return DecisionOut(
        id=decision.pk,
        application_id=decision.application_id,
        outcome=decision.outcome,
        status=decision.status,
        version=decision.version,
        previous_id=decision.previous_id,
        text_hidden=hidden,
        summary="" if hidden else decision.summary,
        rationale={} if hidden else {str(k): str(v) for k, v in decision.rationale.items()},
        override_reason="" if hidden else decision.override_reason,
        overridden_concerns=list(decision.overridden_concerns),
        incomplete_reason="" if hidden else decision.incomplete_reason,
        withdraw_reason="" if hidden else decision.withdraw_reason,
        missing_scorecards=[
            MissingScorecardOut(**{k: seat[k] for k in MissingScorecardOut.model_fields})
            for seat in decision.missing_scorecards
        ],
        proposed_by=PersonOut.of(decision.proposed_by),
        proposed_at=decision.proposed_at,
        decided_at=decision.decided_at,
        steps=[_step_out(step, hidden) for step in decision.steps.all()],
    )


def _step_out(step: ApprovalStep, hidden: bool) -> StepOut:
    return StepOut(
        order=step.order,
        approver=PersonOut.of(step.approver),
        verdict=step.verdict,
        rationale="" if hidden else step.rationale,
        evidence_kind=step.evidence_kind,
        evidence_concern_id=step.evidence_concern_id,
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
    ``override_reason`` says why it goes ahead; missing scorecards stop it likewise (400,
    field ``incomplete_reason``). Both reasons stay on the record. When an approver sent
    the application's latest decision back, the new proposal is its revision (the next
    version; the earlier one and its verdicts stay)."""
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
        incomplete_reason=payload.incomplete_reason,
        revises=sent_back_decision(application),
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
    summary="Approve, reject or ask for more evidence, in turn",
)
def give_verdict(request, decision_id: DbId, payload: VerdictIn):
    """Only the approver whose turn it is may answer (403 otherwise). By default a
    rejection stops the decision (status ``rejected``); with advisory approvers it passes on
    and the last approver settles it. ``more_evidence`` (with ``evidence_kind``) sends the
    decision back and opens a concern for the hiring manager. An approver on the
    candidate's panel must submit their scorecard first (400, field ``verdict``)."""
    member = request.member
    decision = get_object_or_404(Decision.objects.visible_to(member), pk=decision_id)
    decision = do_give_verdict(
        member, decision, payload.verdict, payload.rationale, payload.evidence_kind
    )
    return decision_out(member, decision)


DecisionPage = page_of(DecisionOut)


@router.get(
    "/decisions",
    response=responses({200: DecisionPage}, 404),
    summary="Decisions I may see",
)
def list_decisions(
    request,
    job: DbId | None = None,
    application: DbId | None = None,
    status: StatusIn | None = None,
    updated_since: Moment | None = None,
    cursor: CursorParam | None = None,
    limit: Limit = 50,
):
    """``updated_since``: proposed or decided since then. The proposal's text stays hidden
    (``text_hidden``) from a reader who still owes a scorecard on the candidate."""
    member = request.member
    decisions = _decisions(member)
    if job is not None:
        get_object_or_404(Job.objects.visible_to(member), pk=job)
        decisions = decisions.filter(application__job_id=job)
    if application is not None:
        decisions = decisions.filter(application_id=application)
    if status is not None:
        decisions = decisions.filter(status=status)
    if updated_since is not None:
        decisions = decisions.filter(
            Q(proposed_at__gte=updated_since) | Q(decided_at__gte=updated_since)
        )
    return paginate(
        request, decisions, lambda d: _decision_out(member, d), cursor=cursor, limit=limit
    )


@router.post(
    "/decisions/{decision_id}/withdraw",
    response=responses({200: DecisionOut}, 400, 403, 404),
    summary="Withdraw a decision awaiting approval (its hiring manager or an admin)",
)
def withdraw_decision(request, decision_id: DbId, payload: WithdrawIn):
    member = request.member
    decision = get_object_or_404(Decision.objects.visible_to(member), pk=decision_id)
    return decision_out(member, do_withdraw_decision(member, decision, payload.reason))
