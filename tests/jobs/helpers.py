"""Run queued tasks in the test's own process, through django-tasks-db's worker code."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued(worker_id="test-worker"):
    """Claim and run every READY task as ``db_worker`` does (without its connection
    housekeeping, which would end the test's transaction); returns the finished rows."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    done = []
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim(worker_id)
        worker.run_task(row)
        row.refresh_from_db()
        done.append(row)
    return done
