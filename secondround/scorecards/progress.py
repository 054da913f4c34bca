"""Where each panel member stands on an application's scorecards: the status only, never
the contents, so that the hiring team can see what is missing before a decision."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from secondround.hiring.models import Interview, InterviewStatus
from secondround.prepared import prepared
from secondround.scorecards.models import Scorecard, ScorecardStatus


class SeatStatus:
    SUBMITTED = "submitted"
    DRAFT = "draft"
    NOT_STARTED = "not_started"
    TO_COME = "to_come"
    CANCELLED = "cancelled"


SEAT_LABELS = {
    SeatStatus.SUBMITTED: "Submitted",
    SeatStatus.DRAFT: "Draft, not submitted",
    SeatStatus.NOT_STARTED: "Not started",
    SeatStatus.TO_COME: "Interview still to come",
    SeatStatus.CANCELLED: "Interview cancelled",
}
# Seats that leave the evidence incomplete: a decision made now goes without them.
OUTSTANDING = (SeatStatus.DRAFT, SeatStatus.NOT_STARTED, SeatStatus.TO_COME)


@dataclass
class PanelSeat:
    interview_id: int
    round_name: str
    round_number: int
    starts_at: datetime
    member_id: int
    member_name: str
    status: str
    card_status: str | None = None  # the seat's scorecard: draft, submitted, or none yet

    @property
    def label(self) -> str:
        return SEAT_LABELS[self.status]

    @property
    def outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def as_record(self) -> dict:
        """What the decision record keeps of a missing scorecard."""
        return {
            "interview": self.interview_id,
            "round": self.round_name,
            "member": self.member_id,
            "name": self.member_name,
            "status": self.status,
            "starts_at": self.starts_at.isoformat(),
        }


def seat_status(interview: Interview, card_status: str | None, now: datetime) -> str:
    return _status(interview.status, interview.starts_at, card_status, now)


def _status(interview_status: str, starts_at: datetime, card_status: str | None, now) -> str:
    if interview_status == InterviewStatus.CANCELLED:
        return SeatStatus.CANCELLED
    if card_status == ScorecardStatus.SUBMITTED:
        return SeatStatus.SUBMITTED
    if starts_at > now:
        return SeatStatus.TO_COME
    return SeatStatus.DRAFT if card_status == ScorecardStatus.DRAFT else SeatStatus.NOT_STARTED


def panel_progress(application, now: datetime | None = None) -> list[PanelSeat]:
    """Every interviewer of every interview of the application, in round and time order.

    Reads scorecard statuses without the visible_to filter on purpose: the status of a
    colleague's scorecard is not its content, and it is what the hiring team must see to
    chase feedback (the application page shows the same)."""
    now = now or timezone.now()
    # One row per seat (interview, panel member), in one query, with the interview's round
    # and the member's name as plain columns: the decision pages and the application page
    # read this on every request, and joined model instances would cost more than they use.
    seats = _seats(None, application=application.pk)
    statuses = {
        (interview_id, author_id): status
        for interview_id, author_id, status in _card_statuses(None, application=application.pk)
    }
    return [
        PanelSeat(
            interview_id=interview_id,
            round_name=round_name,
            round_number=round_number,
            starts_at=starts_at,
            member_id=member_id,
            member_name=member_name,
            status=_status(interview_status, starts_at, card, now),
            card_status=card,
        )
        for (
            interview_id,
            round_name,
            round_number,
            starts_at,
            interview_status,
            member_id,
            member_name,
        ) in seats
        for card in [statuses.get((interview_id, member_id))]
    ]


_seats = prepared(
    "panel seats",
    lambda _, application: (
        Interview.interviewers.through.objects.filter(interview__application_id=application)
        .order_by(
            "interview__round__number",
            "interview__starts_at",
            "interview_id",
            "member__display_name",
            "member_id",
        )
        .values_list(
            "interview_id",
            "interview__round__name",
            "interview__round__number",
            "interview__starts_at",
            "interview__status",
            "member_id",
            "member__display_name",
        )
    ),
)
_card_statuses = prepared(
    "scorecard statuses",
    lambda _, application: Scorecard.objects.filter(
        interview__application_id=application
    ).values_list("interview_id", "author_id", "status"),
)


def outstanding_seats(application, now: datetime | None = None) -> list[PanelSeat]:
    return [seat for seat in panel_progress(application, now) if seat.outstanding]


def describe_outstanding(seats: list[PanelSeat]) -> str:
    """'Chen Li (Round 2: interview still to come), Ana Ruiz (Round 1: not started)'."""
    return ", ".join(f"{s.member_name} ({s.round_name}: {s.label.lower()})" for s in seats)
