"""Tasks left RUNNING by a worker that died (SIGKILL, out of memory, a lost machine).

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when
it ends; a worker killed in between leaves it RUNNING for ever, and no worker picks it up
again. ``recover_stale_tasks`` puts such a task back to READY, so that it runs again.

A task is stale when its worker is known to be gone: the worker ran on this machine (its id
is ``host:pid:random``, see ``worker_id``) and that process no longer exists; or, for a
worker elsewhere, when it started more than ``TASK_STALE_SECONDS`` ago. Running a task
twice is safe here: every task of secondround is idempotent (a calibration run stores
nothing new for inputs it already calibrated; a notification is sent once, under its row
lock). A task that has already been claimed ``TASK_MAX_ATTEMPTS`` times is marked FAILED
instead, so that a task that kills its worker cannot loop for ever.

``db_worker`` runs this as it starts; ``manage.py recover_stale_tasks`` runs it on demand
(from a timer, where workers run on several machines).
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HOST = socket.gethostname()[:40]


def worker_id() -> str:
    """``host:pid:random``: unique (django-tasks-db asks for it), and tells a later worker on
    the same machine whether this one is still alive."""
    return f"{HOST}:{os.getpid()}:{get_random_string(8)}"


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process of this machine (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def worker_gone(last_worker: str) -> bool:
    """True when the worker id names a process of this machine that no longer runs."""
    host, _, rest = last_worker.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit():
        return False  # another machine, or django-tasks-db's own random id: use the age
    return int(pid) == os.getpid() or not process_alive(int(pid))


def recover_stale_tasks(now=None, stale_after: int | None = None) -> list[str]:
    """Put every stale RUNNING task back to READY (or FAILED after too many attempts).
    Returns the ids of the tasks it changed."""
    now = now or timezone.now()
    stale_after = settings.TASK_STALE_SECONDS if stale_after is None else stale_after
    old = now - timedelta(seconds=stale_after)
    changed = []
    for task in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        last = task.worker_ids[-1] if task.worker_ids else ""
        if not (worker_gone(last) or (task.started_at and task.started_at < old)):
            continue
        running = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        if len(task.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
            done = running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="secondround.worker.recovery.WorkerLost",
                traceback=f"Its worker died {len(task.worker_ids)} times while running it.",
            )
        else:
            # The conditional update is the lock: of two workers recovering at once, one wins.
            done = running.update(status=TaskResultStatus.READY)
        if done:
            logger.warning("Task %s was left running by worker %s: recovered.", task.pk, last)
            changed.append(str(task.pk))
    return changed
