"""Which RUNNING tasks the worker puts back in the queue when it starts: those whose worker
process is gone from this machine at once, another machine's only after
TASK_STALE_SECONDS, never one whose worker still runs; after TASK_MAX_ATTEMPTS claims a
task is marked failed instead of looping. (test_crash_recovery.py does it with real
processes and SIGKILL.)"""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from secondround.worker.recovery import HOST

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def running(workers: list[str], started_minutes_ago: int = 1) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="secondround.calibration.tasks.refresh_calibration",
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=workers,
        exception_class_path="",
        traceback="",
    )


def status(task: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=task.pk).status


@pytest.mark.parametrize(
    "label, workers, minutes_ago, expected",
    [
        ("worker on this machine, process gone", lambda: [f"{HOST}:{dead_pid()}:x"], 1, "READY"),
        ("worker on this machine, running", lambda: [f"{HOST}:{os.getppid()}:x"], 1, "RUNNING"),
        ("worker elsewhere, started a minute ago", lambda: ["other-host:123:x"], 1, "RUNNING"),
        ("worker elsewhere, started an hour ago", lambda: ["other-host:123:x"], 60, "READY"),
        ("django-tasks-db's own random id, recent", lambda: ["a" * 32], 1, "RUNNING"),
        ("third dead worker", lambda: ["a:1:x", "b:2:x", f"{HOST}:{dead_pid()}:x"], 1, "FAILED"),
    ],
)  # fmt: skip
def test_worker_start_recovers_exactly_the_stale_tasks(label, workers, minutes_ago, expected):
    task = running(workers(), minutes_ago)
    untouched = DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=task.task_path,
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=[f"{HOST}:{dead_pid()}:x"],
        exception_class_path="",
        traceback="",
    )

    call_command("recover_stale_tasks", verbosity=0)

    assert status(task) == expected, label
    assert status(untouched) == "SUCCESSFUL"
    if expected == "FAILED":
        assert "WorkerLost" in DBTaskResult.objects.get(pk=task.pk).exception_class_path
