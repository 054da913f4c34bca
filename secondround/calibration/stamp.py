"""The per-organisation change stamp of the calibration's inputs.

Write functions that change what ``calibration.inputs.rating_rows`` reads (a scorecard
submitted or edited, a competency renamed, a rated interview moved) call ``inputs_changed``
inside their transaction; pages compare the stamp with their snapshot's ``inputs_version``
(one small query, whatever the organisation's history).
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from secondround.calibration.models import InputsStamp


def inputs_version(organisation_id: int) -> int:
    """The organisation's current stamp (0 before any change of inputs)."""
    return inputs_stamp(organisation_id)[0]


def inputs_stamp(organisation_id: int) -> tuple[int, datetime | None]:
    """The organisation's current stamp and when it last moved ((0, None) before any
    change of inputs)."""
    row = (
        InputsStamp.objects.filter(organisation_id=organisation_id)
        .values_list("version", "changed_at")
        .first()
    )
    return row or (0, None)


def bump_inputs(organisation_id: int) -> None:
    """Move the stamp on. Runs inside the caller's transaction, so it commits (or not) with
    the change itself; on PostgreSQL the row lock orders concurrent bumps."""
    stamps = InputsStamp.objects.filter(organisation_id=organisation_id)
    if stamps.update(version=F("version") + 1, changed_at=timezone.now()):
        return
    try:
        with transaction.atomic():
            InputsStamp.objects.create(organisation_id=organisation_id, version=1)
    except IntegrityError:
        # Another transaction created it first: bump that one.
        stamps.update(version=F("version") + 1, changed_at=timezone.now())


def inputs_changed(organisation_id: int) -> None:
    """The calibration's inputs changed: move the stamp and queue a run after commit."""
    from secondround.calibration.tasks import queue_refresh

    bump_inputs(organisation_id)
    queue_refresh(organisation_id)
