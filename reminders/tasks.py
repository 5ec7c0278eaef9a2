"""The daily job as a django-tasks task, for a worker to run (the command does the same by hand)."""

from django_tasks import task

from reminders.job import next_run_at, run


@task()
def send_reminders_task(reschedule: bool = False) -> dict:
    """Run the reminder job; with ``reschedule`` queue the next run for tomorrow 08:30
    (instead of a cron entry). A run that happens twice sends nothing twice."""
    result = run()
    if reschedule:
        send_reminders_task.using(run_after=next_run_at()).enqueue(reschedule=True)
    return {
        "members": result["members"],
        "staff": result["staff"],
        "sent": result["sent"],
    }
