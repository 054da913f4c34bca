"""The background calibration run: scorecard submissions queue it, it stores a snapshot."""

from django.db import transaction
from django_tasks import task


def queue_refresh(organisation_id: int) -> None:
    """Queue a calibration run once the current transaction commits."""
    transaction.on_commit(lambda: refresh_calibration.enqueue(organisation_id))


@task()
def refresh_calibration(organisation_id: int) -> int | None:
    from secondround.calibration.actions import do_refresh_calibration

    snapshot = do_refresh_calibration(organisation_id)
    return snapshot.pk if snapshot else None
