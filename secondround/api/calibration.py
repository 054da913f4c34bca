"""The latest calibration snapshot: every rater's severity and every candidate's standing, so
admins and recruiters only (the same rule as the calibration report page)."""

from datetime import datetime
from typing import Any

from django.http import Http404
from ninja import Schema
from pydantic import Field

from secondround.api.routing import ApiRouter
from secondround.api.schemas import responses
from secondround.calibration.access import may_see_report, visible_result
from secondround.calibration.models import CalibrationSnapshot
from secondround.errors import NotAllowed
from secondround.scorecards.actions import note_feedback_seen

router = ApiRouter(tags=["calibration"])


class SnapshotOut(Schema):
    id: int
    created_at: datetime
    n_ratings: int
    fingerprint: str = Field(description="Fingerprint of the ratings the run was made on")
    result: dict[str, Any] = Field(
        description="The engine's calibration JSON: job = job id, candidate = application "
        "id, interviewer = member id (as strings)"
    )


@router.get(
    "/calibration/latest",
    response=responses({200: SnapshotOut}, 403, 404),
    summary="The latest calibration snapshot (admins and recruiters)",
)
def latest_calibration(request):
    """404 until the first scorecard has been submitted and calibrated. Candidates of a job
    on which the reader still owes a scorecard are left out (blind feedback)."""
    member = request.member
    if not may_see_report(member):
        raise NotAllowed("The calibration results are for admins and recruiters.")
    snapshot = CalibrationSnapshot.objects.visible_to(member).order_by("-created_at", "-id").first()
    if snapshot is None:
        raise Http404
    result = visible_result(member, snapshot.result)
    note_feedback_seen(
        member,
        [
            row["candidate"]
            for row in result.get("candidates", [])
            if str(row.get("candidate", "")).isdigit()
        ],
    )
    return SnapshotOut(
        id=snapshot.pk,
        created_at=snapshot.created_at,
        n_ratings=snapshot.n_ratings,
        fingerprint=snapshot.fingerprint,
        result=result,
    )
