"""后台任务: the failed tasks with their error and a retry; the queue's counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from jobs.models import Retry
from jobs.recovery import recover_lost
from jobs.services import error_line, failed_tasks, may_watch_jobs, retry
from lib.pagination import page_of


def _watchers_only(request):
    if not may_watch_jobs(request.user):
        raise PermissionDenied


@login_required
@never_cache
def job_list(request):
    _watchers_only(request)
    # Tasks a killed worker left RUNNING become FAILED here too, not only when a worker starts.
    recover_lost()
    page = page_of(request, failed_tasks())
    retried = dict(Retry.objects.filter(failed_id__in=[row.pk for row in page]).values_list("failed_id", "retry_id"))
    for row in page:
        row.error = error_line(row)
        row.retry_id = retried.get(row.pk)
    counts = dict(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return render(request, "jobs/list.html", {"page_obj": page, "counts": counts})


@login_required
@require_POST
def job_retry(request, pk):
    _watchers_only(request)
    result = get_object_or_404(DBTaskResult, pk=pk)
    try:
        retry(result, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The task is queued again."))
    return redirect("jobs:list")
