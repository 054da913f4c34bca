"""Run the engine over an organisation's ratings and keep the result as a snapshot."""

import time

import numpy as np
from django.db import IntegrityError, transaction

from secondround.accounts.models import Organisation
from secondround.audit.log import record
from secondround.calibration.inputs import fingerprint, rating_rows
from secondround.calibration.models import CalibrationSnapshot, SnapshotJob
from secondround.calibration.stamp import inputs_version


def with_adjustments(payload: dict, result, equal_weight: dict | None = None) -> dict:
    """Add each candidate's per-interviewer adjustments to the JSON, as data, with how many
    ratings each competency's score rests on and the score with interviews weighted alike.

    The engine's ``explanation`` sentences name interviewers by id; pages need the figures to
    write the same sentences with display names ("Ben rates 0.50 below colleagues"), to say
    which scores rest on few ratings, and to show what the weighting changes."""
    by_id = {c.candidate: c for c in result.candidates}
    equal_weight = equal_weight or {}
    for item in payload.get("candidates", []):
        estimate = by_id.get(item.get("candidate"))
        if estimate is not None:
            for name, values in (item.get("competencies") or {}).items():
                found = estimate.competencies.get(name)
                if found is not None and isinstance(values, dict):
                    values["n_ratings"] = int(found.n_ratings)
                    values["raw_mean"] = round(float(found.raw_mean), 4)
        if item.get("candidate") in equal_weight:
            item["equal_weight_score"] = equal_weight[item["candidate"]]
        item["adjustments"] = [
            {
                "interviewer": a.interviewer,
                "severity": round(float(a.severity), 4),
                "effect": round(float(a.effect), 4),
                "contrast": round(float(a.contrast), 4),
                "n_ratings": int(a.n_ratings),
                "weight": round(float(a.weight), 4),
            }
            for a in (estimate.adjustments if estimate else [])
        ]
    return payload


def store_job_parts(snapshot: CalibrationSnapshot, payload: dict) -> None:
    """Each job's candidates in their own row (SnapshotJob), for the pages that show one."""
    by_job: dict[str, list] = {}
    for row in payload.get("candidates", []):
        by_job.setdefault(str(row.get("job")), []).append(row)
    SnapshotJob.objects.bulk_create(
        SnapshotJob(snapshot=snapshot, job_id=int(job), candidates=rows)
        for job, rows in by_job.items()
        if job.isdigit()
    )


def do_refresh_calibration(organisation_id: int) -> CalibrationSnapshot | None:
    """Calibrate when the inputs changed since the last snapshot; return the current snapshot.

    Returns None when the organisation has no submitted ratings yet.
    """
    # The stamp is read before the ratings, so the ratings are at least as new as the stamp
    # the snapshot is labelled with: a page may call a snapshot stale that is not, never
    # the other way round.
    version = inputs_version(organisation_id)
    rows = rating_rows(organisation_id)
    if not rows:
        return None
    print_ = fingerprint(rows)
    existing = CalibrationSnapshot.objects.filter(
        organisation_id=organisation_id, fingerprint=print_
    ).first()
    if existing:
        # Same inputs as a stored run (nothing changed, or an edit was undone): that run is
        # current for this stamp.
        if existing.inputs_version < version:
            CalibrationSnapshot.objects.filter(pk=existing.pk, inputs_version__lt=version).update(
                inputs_version=version
            )
            existing.inputs_version = version
        return existing
    from secondround.engine import RatingsTable
    from secondround.engine.api import build_result, compute
    from secondround.engine.weighting import equal_weight_scores

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
    computed = compute(table, seed=0)
    result = build_result(computed)
    equal = dict(
        zip(
            table.candidate_ids.tolist(),
            (round(float(v), 4) for v in equal_weight_scores(computed)),
        )
    )
    payload = with_adjustments(result.to_json(), result, equal)
    duration_ms = int((time.perf_counter() - started) * 1000)
    organisation = Organisation.objects.get(pk=organisation_id)
    try:
        with transaction.atomic():
            snapshot = CalibrationSnapshot.objects.create(
                organisation=organisation,
                fingerprint=print_,
                inputs_version=version,
                n_ratings=len(rows),
                result=payload,
                summary={k: v for k, v in payload.items() if k != "candidates"},
                duration_ms=duration_ms,
            )
            store_job_parts(snapshot, payload)
            record(None, "calibration.refreshed", snapshot, organisation, n_ratings=len(rows))
    except IntegrityError:
        # A concurrent run stored the same inputs first.
        snapshot = CalibrationSnapshot.objects.get(
            organisation_id=organisation_id, fingerprint=print_
        )
    return snapshot


def do_request_recalibration(member) -> None:
    """An admin or recruiter asks for a fresh run now (it runs in the background)."""
    from secondround.calibration.access import may_see_report
    from secondround.calibration.tasks import queue_refresh
    from secondround.errors import NotAllowed

    if not may_see_report(member):
        raise NotAllowed("Only admins and recruiters run the calibration.")
    with transaction.atomic():
        record(member, "calibration.requested", member.organisation)
        queue_refresh(member.organisation_id)
