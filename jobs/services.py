"""The jobs page's questions: which tasks failed, and a retry of one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from branches.permissions import can_manage_accounts
from jobs.models import Retry


def may_watch_jobs(user) -> bool:
    """The county administrator and the system administrator see the queue (no member data:
    a task's arguments are ids, its error a class and a message)."""
    return can_manage_accounts(user)


def failed_tasks():
    """Failed tasks not yet retried, newest first, each with ``retried`` (its Retry or None)."""
    return DBTaskResult.objects.failed().order_by("-finished_at")


def error_line(result: DBTaskResult) -> str:
    """The exception's last line (``ValueError: …``), without the stack."""
    lines = [line for line in (result.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else result.exception_class_path


def retry(result: DBTaskResult, user) -> DBTaskResult:
    """Enqueue the failed task again with the same arguments; once per failed run."""
    with transaction.atomic():
        locked = DBTaskResult.objects.select_for_update().get(pk=result.pk)
        if locked.status != TaskResultStatus.FAILED:
            raise ValidationError(_("Only a failed task can be retried."))
        if Retry.objects.filter(failed_id=locked.pk).exists():
            raise ValidationError(_("This task was already retried."))
        try:
            task = locked.task
        except ImportError as error:
            raise ValidationError(_("This task no longer exists in the code: %(error)s") % {"error": error}) from error
        new = task.enqueue(*locked.args_kwargs["args"], **locked.args_kwargs["kwargs"])
        Retry.objects.create(failed_id=locked.pk, retry_id=new.id, retried_by=user)
    return DBTaskResult.objects.get(pk=new.id)
