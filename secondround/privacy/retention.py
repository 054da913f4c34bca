"""The retention policy: anonymise candidates with no activity for N months.

A candidate's last activity is the latest of: their record's creation, an application, a
stage move, an interview's end, a scorecard's last change, a concern, a decision, and what
they did in the portal (a link used, a document, a request). Run by the periodic job
(``secondround manage send_due_notifications``)."""

import calendar
import logging
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from secondround.hiring.models import Candidate
from secondround.privacy.actions import do_erase_candidate, do_record_retention_run
from secondround.privacy.models import ErasureReason, RetentionPolicy

logger = logging.getLogger(__name__)
RUN_EVERY = timedelta(days=1)

# (queryset path from the candidate, a time field at the end of it)
ACTIVITY = [
    ("applications", "created_at"),
    ("applications__stage_changes", "moved_at"),
    ("applications__interviews", "ends_at"),
    ("applications__interviews__scorecards", "updated_at"),
    ("applications__concerns", "created_at"),
    ("applications__concerns", "resolved_at"),
    ("applications__decisions", "proposed_at"),
    ("applications__portal_documents", "uploaded_at"),
    ("applications__candidate_requests", "created_at"),
    ("portal_links", "created_at"),
    ("portal_links", "last_used_at"),
]


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when
    that day does not exist, e.g. 31 March - 1 month = 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def last_activity(candidates) -> dict[int, datetime]:
    """{candidate id: time of their latest activity}."""
    latest = dict(candidates.values_list("pk", "created_at"))
    for path, field in ACTIVITY:
        rows = candidates.values("pk").annotate(at=Max(f"{path}__{field}"))
        for row in rows:
            if row["at"] is not None and row["at"] > latest[row["pk"]]:
                latest[row["pk"]] = row["at"]
    return latest


def inactive_candidates(policy: RetentionPolicy, now: datetime) -> list[int]:
    cutoff = months_before(now, policy.months)
    candidates = Candidate.objects.filter(
        organisation_id=policy.organisation_id, erasure__isnull=True
    )
    return sorted(pk for pk, at in last_activity(candidates).items() if at < cutoff)


def apply_retention_policies(now: datetime | None = None) -> int:
    """Anonymise every organisation's candidates inactive beyond its policy; returns how many.

    The periodic job calls this every few minutes; each policy runs at most once a day (and
    on the next call after an admin saves it). Each erasure is its own transaction, so one
    failure leaves the others done."""
    now = now or timezone.now()
    total = 0
    due = RetentionPolicy.objects.filter(enabled=True).filter(
        Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - RUN_EVERY)
    )
    for policy in due.select_related("organisation"):
        done = []
        for pk in inactive_candidates(policy, now):
            candidate = Candidate.objects.get(pk=pk)
            try:
                do_erase_candidate(None, candidate, reason=ErasureReason.RETENTION)
            except Exception:
                # One candidate that fails must not stop the others, nor the periodic job
                # that sends e-mails: log it, and the next daily run tries again.
                logger.exception("Retention: anonymising candidate %s failed", pk)
                continue
            done.append(pk)
        do_record_retention_run(policy.organisation, done, now)
        total += len(done)
    return total
