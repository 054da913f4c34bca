"""The background calibration run: scorecard submissions queue it, it stores a snapshot.

Runs are coalesced: at most one run per organisation waits in the queue. A submission that
finds a run still waiting adds nothing, since that run reads the ratings when it starts,
after the submission committed. Under a stream of submissions (the load test submits three
scorecards a second) this turns one run per scorecard, each reading and calibrating the whole
organisation, into one run per few seconds, with the same final snapshot.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task


def queue_refresh(organisation_id: int, delay: float = 0) -> None:
    """Queue a calibration run once the current transaction commits, unless one for this
    organisation is already waiting. ``delay`` seconds hold a new run back so that the
    submissions of the next few seconds join it (the database backend only)."""
    transaction.on_commit(lambda: enqueue_once(organisation_id, delay))


def queue_refresh_soon(organisation_id: int) -> None:
    """The inputs changed (a scorecard submitted or edited): a run within
    ``CALIBRATION_COALESCE_SECONDS``, shared by every change made meanwhile."""
    queue_refresh(organisation_id, delay=settings.CALIBRATION_COALESCE_SECONDS)


def waiting_run_exists(organisation_id: int) -> bool:
    """A run for this organisation is queued and not started yet (database backend only:
    the immediate backend runs each task as it is enqueued, so nothing ever waits)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(refresh_calibration.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        status="READY", task_path=refresh_calibration.module_path
    ).values_list("args_kwargs", flat=True)
    return any(list(item.get("args", [])) == [organisation_id] for item in waiting)


def enqueue_once(organisation_id: int, delay: float = 0) -> None:
    from secondround.calibration.models import InputsStamp

    # Two submissions committing together would both find no run waiting and both queue
    # one: the organisation's stamp row, locked until the new run is queued, orders them
    # (on PostgreSQL; SQLite runs one writer at a time anyway).
    with transaction.atomic():
        list(InputsStamp.objects.select_for_update().filter(organisation_id=organisation_id))
        if waiting_run_exists(organisation_id):
            return
        run = refresh_calibration
        if delay > 0 and run.get_backend().supports_defer:
            run = run.using(run_after=timezone.now() + timedelta(seconds=delay))
        run.enqueue(organisation_id)


@task()
def refresh_calibration(organisation_id: int) -> int | None:
    from secondround.calibration.actions import do_refresh_calibration

    snapshot = do_refresh_calibration(organisation_id)
    return snapshot.pk if snapshot else None
