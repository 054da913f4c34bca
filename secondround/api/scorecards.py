"""Scorecards: read an interview's scorecards (blind feedback applies), save my draft, submit.

Blind feedback is decided by ``Scorecard.objects.visible_to`` alone: until I submit mine, the
list holds only my own scorecard.
"""

from datetime import datetime
from typing import Literal

from django.db.models import Prefetch
from ninja import Schema
from pydantic import Field

from secondround.api.lookups import interview_for
from secondround.api.pagination import CursorParam, Limit, page_of, paginate
from secondround.api.routing import ApiRouter
from secondround.api.schemas import DbId, PersonOut, SmallInt, Text, responses
from secondround.scorecards.actions import (
    RatingInput,
    do_save_draft,
    do_submit_scorecard,
    note_feedback_shown,
)
from secondround.scorecards.models import Rating, Recommendation, Scorecard

router = ApiRouter(tags=["scorecards"])

RecommendationIn = Literal[("", *Recommendation.values)]  # type: ignore[valid-type]


class RatingOut(Schema):
    competency_id: int
    competency: str
    value: int | None
    evidence: str


class ScorecardOut(Schema):
    id: int
    interview_id: int
    author: PersonOut
    status: str = Field(description="draft or submitted")
    recommendation: str
    notes: str
    version: int
    submitted_at: datetime | None
    ratings: list[RatingOut]


class RatingIn(Schema):
    competency_id: DbId
    value: SmallInt | None = Field(None, description="A point on the job's scale; null to clear it")
    evidence: Text(10_000) = ""


class DraftIn(Schema):
    ratings: list[RatingIn] = Field(default_factory=list, max_length=100)
    recommendation: RecommendationIn = ""
    notes: Text(20_000) = ""


def _scorecards(queryset):
    ratings = Rating.objects.select_related("competency")
    return queryset.select_related("author").prefetch_related(Prefetch("ratings", ratings))


def scorecard_out(card: Scorecard) -> ScorecardOut:
    return ScorecardOut(
        id=card.pk,
        interview_id=card.interview_id,
        author=PersonOut.of(card.author),
        status=card.status,
        recommendation=card.recommendation,
        notes=card.notes,
        version=card.version,
        submitted_at=card.submitted_at,
        ratings=[
            RatingOut(
                competency_id=r.competency_id,
                competency=r.competency.name,
                value=r.value,
                evidence=r.evidence,
            )
            for r in card.ratings.all()
        ],
    )


def _mine(member, interview) -> ScorecardOut:
    card = _scorecards(Scorecard.objects.visible_to(member)).get(interview=interview, author=member)
    return scorecard_out(card)


ScorecardPage = page_of(ScorecardOut)


@router.get(
    "/interviews/{interview_id}/scorecards",
    response=responses({200: ScorecardPage}, 404),
    summary="The interview's scorecards I may see",
)
def list_scorecards(
    request, interview_id: DbId, cursor: CursorParam | None = None, limit: Limit = 50
):
    member = request.member
    interview = interview_for(member, interview_id)
    cards = _scorecards(Scorecard.objects.visible_to(member).filter(interview=interview))
    page = paginate(request, cards, lambda card: card, cursor=cursor, limit=limit)
    note_feedback_shown(member, interview.application, page["items"])
    page["items"] = [scorecard_out(card) for card in page["items"]]
    return page


@router.put(
    "/interviews/{interview_id}/scorecard",
    response=responses({200: ScorecardOut}, 400, 403, 404),
    summary="Save my draft scorecard",
)
def save_draft(request, interview_id: DbId, payload: DraftIn):
    """Replaces the draft's recommendation and notes and writes the ratings given. A
    submitted scorecard is never changed here (400)."""
    member = request.member
    interview = interview_for(member, interview_id)
    ratings = [RatingInput(r.competency_id, r.value, r.evidence) for r in payload.ratings]
    do_save_draft(member, interview, ratings, payload.recommendation, payload.notes)
    return _mine(member, interview)


@router.post(
    "/interviews/{interview_id}/scorecard/submit",
    response=responses({200: ScorecardOut}, 400, 403, 404),
    summary="Submit my scorecard (idempotent)",
)
def submit_scorecard(request, interview_id: DbId):
    """Submitting again returns the submitted scorecard unchanged. 400 says what is still
    missing (a rating, evidence for an extreme rating, the recommendation), or that the
    interview has not started yet (field ``status``): a scorecard can be drafted before the
    interview but submitted only from its start time."""
    member = request.member
    interview = interview_for(member, interview_id)
    do_submit_scorecard(member, interview)
    return _mine(member, interview)
