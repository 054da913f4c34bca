"""Calibration runs are coalesced: one run waits per organisation, whatever the number of
scorecards submitted meanwhile, and a change made once that run has started queues the
next one, so no change is left without a run."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secondround.calibration.tasks import queue_refresh, refresh_calibration
from tests.conftest import fill_scorecard

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def queued_in_database():
    with override_settings(TASKS=DATABASE_TASKS, CALIBRATION_COALESCE_SECONDS=3):
        yield


def waiting_runs(organisation_id=None):
    runs = DBTaskResult.objects.filter(
        status="READY", task_path=refresh_calibration.module_path
    ).order_by("enqueued_at")
    return [r for r in runs if organisation_id in (None, r.args_kwargs["args"][0])]


def submit(member, interview, capture):
    with capture(execute=True):
        fill_scorecard(member, interview)


def test_many_submissions_queue_one_run(
    cast, queued_in_database, django_capture_on_commit_callbacks
):
    submit(cast.ivy, cast.dana_r1, django_capture_on_commit_callbacks)
    submit(cast.ian, cast.dana_r1, django_capture_on_commit_callbacks)
    submit(cast.ivy, cast.luis_r1, django_capture_on_commit_callbacks)
    runs = waiting_runs()
    assert len(runs) == 1
    assert runs[0].args_kwargs["args"] == [cast.acme.pk]
    # Held back a few seconds, so that the next submissions join it.
    assert runs[0].run_after >= timezone.now() + timedelta(seconds=1)


def test_a_change_after_the_run_started_queues_the_next(
    cast, queued_in_database, django_capture_on_commit_callbacks
):
    submit(cast.ivy, cast.dana_r1, django_capture_on_commit_callbacks)
    [first] = waiting_runs()
    # The worker claims it: it may have read the ratings already, so a later change
    # must not count on it.
    DBTaskResult.objects.filter(pk=first.pk).update(status="RUNNING", started_at=timezone.now())
    submit(cast.ian, cast.dana_r1, django_capture_on_commit_callbacks)
    [second] = waiting_runs()
    assert second.pk != first.pk and second.args_kwargs["args"] == [cast.acme.pk]


def test_each_organisation_has_its_own_waiting_run(
    cast, queued_in_database, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_refresh(cast.acme.pk)
        queue_refresh(cast.globex.pk)
        queue_refresh(cast.acme.pk)
    assert len(waiting_runs(cast.acme.pk)) == 1
    assert len(waiting_runs(cast.globex.pk)) == 1


def test_an_asked_for_run_is_not_held_back(
    cast, queued_in_database, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_refresh(cast.acme.pk)
    [run] = waiting_runs()
    assert run.run_after <= timezone.now() or run.run_after.year == 9999


def test_the_waiting_run_calibrates_every_submission(
    cast, queued_in_database, django_capture_on_commit_callbacks
):
    from secondround.calibration.models import CalibrationSnapshot
    from secondround.calibration.stamp import inputs_version

    submit(cast.ivy, cast.dana_r1, django_capture_on_commit_callbacks)
    submit(cast.ian, cast.dana_r1, django_capture_on_commit_callbacks)
    [run] = waiting_runs()
    refresh_calibration.call(*run.args_kwargs["args"])
    snapshot = CalibrationSnapshot.objects.filter(organisation=cast.acme).latest("created_at")
    assert snapshot.inputs_version == inputs_version(cast.acme.pk) == 2
