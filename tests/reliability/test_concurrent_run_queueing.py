"""Two changes that commit at the same moment queue one calibration run, not two.

Each commit checks whether a run already waits and queues one if not. Without a lock, both
checks can find nothing and both queue a run (CI saw it once in the parallel scorecard
test). Here the window between check and queue is held open on purpose, so that the race
happens every time unless the organisation's stamp row orders the two.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from secondround.calibration import tasks
from secondround.calibration.stamp import bump_inputs

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def test_simultaneous_commits_queue_one_run(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    bump_inputs(cast.acme.pk)
    checked = tasks.waiting_run_exists

    def slow_check(organisation_id):
        found = checked(organisation_id)
        time.sleep(0.3)  # the other thread checks meanwhile, unless the lock holds it back
        return found

    monkeypatch.setattr(tasks, "waiting_run_exists", slow_check)
    failures = []

    def commit_a_change():
        try:
            tasks.enqueue_once(cast.acme.pk)
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            failures.append(error)
        finally:
            connections.close_all()

    with override_settings(TASKS=DATABASE_TASKS):
        threads = [threading.Thread(target=commit_a_change) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert not failures, failures
    waiting = DBTaskResult.objects.filter(
        status="READY", task_path=tasks.refresh_calibration.module_path
    ).values_list("args_kwargs", flat=True)
    assert [item["args"] for item in waiting] == [[cast.acme.pk]]
