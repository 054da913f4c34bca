"""Run the engine over an organisation's ratings and keep the result as a snapshot."""

import time

import numpy as np
from django.db import IntegrityError, transaction

from secondround.accounts.models import Organisation
from secondround.audit.log import record
from secondround.calibration.inputs import fingerprint, rating_rows
from secondround.calibration.models import CalibrationSnapshot


def do_refresh_calibration(organisation_id: int) -> CalibrationSnapshot | None:
    """Calibrate when the inputs changed since the last snapshot; return the current snapshot.

    Returns None when the organisation has no submitted ratings yet.
    """
    from secondround.engine import RatingsTable, calibrate

    rows = rating_rows(organisation_id)
    if not rows:
        return None
    print_ = fingerprint(rows)
    existing = CalibrationSnapshot.objects.filter(
        organisation_id=organisation_id, fingerprint=print_
    ).first()
    if existing:
        return existing
    columns = list(zip(*rows))
    started = time.perf_counter()
    table = RatingsTable.from_columns(
        job=np.array(columns[0]),
        candidate=np.array(columns[1]),
        interviewer=np.array(columns[2]),
        competency=np.array(columns[3]),
        rating=np.array(columns[4], dtype=int),
        scale_min=np.array(columns[5], dtype=int),
        scale_max=np.array(columns[6], dtype=int),
        interviewed_at=np.array([value[:19] for value in columns[7]], dtype="datetime64[s]"),
    )
    result = calibrate(table, seed=0)
    payload = result.to_json()
    duration_ms = int((time.perf_counter() - started) * 1000)
    organisation = Organisation.objects.get(pk=organisation_id)
    try:
        with transaction.atomic():
            snapshot = CalibrationSnapshot.objects.create(
                organisation=organisation,
                fingerprint=print_,
                n_ratings=len(rows),
                result=payload,
                duration_ms=duration_ms,
            )
            record(None, "calibration.refreshed", snapshot, organisation, n_ratings=len(rows))
    except IntegrityError:
        # A concurrent run stored the same inputs first.
        snapshot = CalibrationSnapshot.objects.get(
            organisation_id=organisation_id, fingerprint=print_
        )
    return snapshot
