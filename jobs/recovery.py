"""Tasks whose worker is gone: django-tasks-db marks a task RUNNING when a worker claims it
and FAILED or SUCCESSFUL when it ends; a worker killed in between (kill -9, the machine
lost) leaves it RUNNING for ever. ``recover_lost`` finds those and marks them FAILED with a
``WorkerLost`` error, so that they show on the jobs page with a retry.

A worker is known to be gone when its id is ``host:pid`` (scripts/worker.sh names it so),
the host is this machine and no process has that pid; a worker elsewhere is taken as gone
once its task has been RUNNING longer than ``TASK_LOST_AFTER_SECONDS``.
"""

import contextlib
import datetime
import os
import socket

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):
    """The worker running this task stopped before the task ended (killed, or its machine lost)."""


def this_host() -> str:
    return socket.gethostname()[:40]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_gone(worker_id: str, started_at, now) -> bool:
    host, _sep, pid = worker_id.rpartition(":")
    if host == this_host() and pid.isdigit():
        return not _pid_alive(int(pid))
    limit = datetime.timedelta(seconds=settings.TASK_LOST_AFTER_SECONDS)
    return started_at is not None and started_at < now - limit


def recover_lost(now=None) -> list[DBTaskResult]:
    """Mark the RUNNING tasks whose worker is gone FAILED; returns them."""
    now = now or timezone.now()
    lost = []
    for result in DBTaskResult.objects.running().order_by("started_at"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if not worker_gone(worker, result.started_at, now):
            continue
        with transaction.atomic():
            locked = DBTaskResult.objects.select_for_update().filter(pk=result.pk, status=TaskResultStatus.RUNNING)
            row = locked.first()
            if row is None:
                continue
            row.set_failed(WorkerLost(f"worker {worker or '?'} stopped while the task was running"))
        lost.append(row)
        with contextlib.suppress(ImportError):
            task_finished.send(sender=type(row.task.get_backend()), task_result=row.task_result)
    return lost
