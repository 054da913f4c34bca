"""Which calibration snapshot the comparison and the report show, and whether it is fresh.

Its reads are prepared queries (secondround.prepared): every comparison, report and
decision page asks, so their SQL is built once per member.
"""

from datetime import timedelta

from django.utils import timezone

from secondround.accounts.models import Member
from secondround.calibration.models import CalibrationSnapshot, InputsStamp, SnapshotJob
from secondround.calibration.tasks import queue_refresh
from secondround.prepared import prepared

RUN_OVERDUE = timedelta(minutes=2)


def age_words(when) -> str:
    seconds = max(0, int((timezone.now() - when).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


class CalibrationState:
    """Which snapshot a page shows, how old it is, and whether the inputs changed since.

    Freshness is the organisation's change stamp (calibration/stamp.py) against the
    snapshot's ``inputs_version``: one small query, whatever the organisation's history.
    The engine itself never runs here."""

    def __init__(self, member: Member, queue_when_missing: bool = True):
        self.member = member
        org = member.organisation_id
        current, changed_at = (_stamp(member) or [(0, None)])[0]
        # Inputs can come back to an earlier state (an edit undone): the refresh then marks
        # the matching older run current, so prefer it over a newer one that is not.
        matching = _snapshot_of_version(member, version=current) if current else []
        self.snapshot = (matching or _latest_snapshot(member) or [None])[0]
        self.stale = self.snapshot is not None and self.snapshot.inputs_version != current
        self.queued = False
        if self.snapshot is None and current and queue_when_missing:
            queue_refresh(org)
            self.queued = True
        self.age = age_words(self.snapshot.created_at) if self.snapshot else ""
        # A run takes seconds; figures still out of date minutes after the last change
        # mean that no worker is taking the queued runs.
        self.overdue = bool(
            (self.stale or self.snapshot is None)
            and changed_at
            and timezone.now() - changed_at > RUN_OVERDUE
        )

    @property
    def result(self) -> dict:
        """The snapshot without its candidates (what the report shows)."""
        if self.snapshot is None:
            return {}
        return self.snapshot.summary or self.snapshot.result

    def result_for_job(self, job_id: int) -> dict:
        """The summary with only this job's candidates: one row read, not the whole
        history (snapshots stored before SnapshotJob existed are read whole)."""
        if self.snapshot is None:
            return {}
        if not self.snapshot.summary:
            return self.snapshot.result
        part = _job_part(self.member, snapshot=self.snapshot.pk, job=job_id)
        return {**self.snapshot.summary, "candidates": part[0] if part else []}


# The organisation's change stamp (calibration/stamp.py inputs_stamp, as a prepared read).
_stamp = prepared(
    "inputs stamp",
    lambda member: (
        InputsStamp.objects.visible_to(member).values_list("version", "changed_at").order_by()[:1]
    ),
)
_snapshot_of_version = prepared(
    "snapshot of an inputs version",
    lambda member, version: (
        CalibrationSnapshot.objects.visible_to(member)
        .defer("result")
        .filter(inputs_version=version)
        .order_by("-created_at", "-id")[:1]
    ),
)
_latest_snapshot = prepared(
    "latest snapshot",
    lambda member: (
        CalibrationSnapshot.objects.visible_to(member)
        .defer("result")
        .filter(organisation_id=member.organisation_id)
        .order_by("-created_at", "-id")[:1]
    ),
)
_latest_with_result = prepared(
    "latest snapshot with its result",
    lambda member: (
        CalibrationSnapshot.objects.visible_to(member)
        .filter(organisation_id=member.organisation_id)
        .order_by("-created_at", "-id")[:1]
    ),
)


def latest_snapshot(member: Member) -> CalibrationSnapshot | None:
    """The organisation's latest snapshot, its result included (what the decision pages
    read a candidate's scores from)."""
    return (_latest_with_result(member) or [None])[0]


_job_part = prepared(
    "snapshot's candidates of a job",
    lambda member, snapshot, job: (
        SnapshotJob.objects.visible_to(member)
        .filter(snapshot_id=snapshot, job_id=job)
        .values_list("candidates", flat=True)[:1]
    ),
)
