"""领任务: the task board, tasks, claims and the steps of a claim."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.exports import xlsx_response
from branches.permissions import can_write, reader_required, writer_required
from lib.pagination import page_of
from lib.xlsx import iso_date
from shuangbao.forms import (
    ClaimForm,
    CompleteForm,
    DropForm,
    EvaluateForm,
    ProgressForm,
    TaskFilter,
    TaskForm,
)
from shuangbao.models import OPEN_CLAIM, ClaimStatus, Task, TaskClaim, TaskStatus
from shuangbao.services import (
    claim_task,
    complete_claim,
    drop_claim,
    evaluate_claim,
    record_progress,
)
from shuangbao.views.common import _next_or, _render


def tasks_with_counts(user, today=None):
    """The tasks the user may see, each with its claims counted: taken, places left, done, overdue."""
    today = today or timezone.localdate()
    held = Count("claims", filter=~Q(claims__status=ClaimStatus.DROPPED))
    return (
        Task.objects.visible_to(user)
        .select_related("branch")
        .annotate(
            taken=held,
            remaining=F("capacity") - held,
            done=Count("claims", filter=Q(claims__status=ClaimStatus.DONE)),
            overdue_claims=Count("claims", filter=Q(claims__status__in=OPEN_CLAIM, due_on__lt=today)),
        )
    )


def _task_board(request):
    return TaskFilter(request.GET or None, queryset=tasks_with_counts(request.user).order_by("-opens_on", "-pk"))


@reader_required
def task_board(request):
    filterset = _task_board(request)
    context = {"filter": filterset, "page_obj": page_of(request, filterset.qs), "today": timezone.localdate()}
    return _render(request, "shuangbao/task_board.html", context)


@reader_required
def task_export(request):
    filterset = _task_board(request)
    rows = (
        [
            t.title,
            t.get_category_display(),
            t.branch.name if t.branch else _("Committee"),
            iso_date(t.opens_on),
            iso_date(t.due_on),
            t.capacity,
            t.taken,
            t.remaining,
            t.done,
            t.overdue_claims,
            t.get_status_display(),
        ]
        for t in filterset.qs
    )
    headers = [
        _("Title"),
        _("Category"),
        _("Published by"),
        _("Opens on"),
        _("Due on"),
        _("Capacity"),
        _("Claimed"),
        _("Remaining places"),
        _("Done"),
        _("Overdue claims"),
        _("Status"),
    ]
    return xlsx_response(
        request, filename="任务", headers=headers, rows=rows, title=_("Tasks"), what="tasks", filters=request.GET.dict()
    )


@writer_required
def task_create(request):
    form = TaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        task = form.save()
        messages.success(request, _("Task “%(title)s” published.") % {"title": task.title})
        return redirect("shuangbao:task_detail", pk=task.pk)
    return _render(request, "shuangbao/form.html", {"form": form, "title": _("Publish a task")})


def _task_page(request, task, claim_form=None, status=200):
    today = timezone.localdate()
    claims = (
        TaskClaim.objects.visible_to(request.user)
        .filter(task=task)
        .select_related("member__branch")
        .order_by("status", "-claimed_on")
    )
    can_claim = task.status == TaskStatus.OPEN and task.opens_on <= today <= task.due_on and task.remaining > 0
    if claim_form is None and can_claim and can_write(request.user):
        claim_form = ClaimForm(user=request.user, task=task)
    context = {"task": task, "claims": claims, "claim_form": claim_form, "today": today, "open_claim": OPEN_CLAIM}
    return _render(request, "shuangbao/task_detail.html", context, status=status)


@reader_required
def task_detail(request, pk):
    task = get_object_or_404(tasks_with_counts(request.user), pk=pk)
    return _task_page(request, task)


@writer_required
@require_POST
def task_claim(request, pk):
    task = get_object_or_404(tasks_with_counts(request.user), pk=pk)
    form = ClaimForm(request.POST, user=request.user, task=task)
    if form.is_valid():
        member = form.cleaned_data["member"]
        try:
            claim_task(task, member, claimed_on=form.cleaned_data["claimed_on"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s claimed “%(task)s”.") % {"name": member, "task": task})
            return redirect(_next_or(request, reverse("shuangbao:task_detail", args=[task.pk])))
    return _task_page(request, task, claim_form=form, status=400)


CLAIM_ACTIONS = {
    "progress": (ProgressForm, lambda claim, data: record_progress(claim, data["note"])),
    "complete": (
        CompleteForm,
        lambda claim, data: complete_claim(claim, result=data["result"], completed_on=data["completed_on"]),
    ),
    "evaluate": (EvaluateForm, lambda claim, data: evaluate_claim(claim, data["evaluation"])),
    "drop": (DropForm, lambda claim, data: drop_claim(claim, data["reason"])),
}


def _claim_page(request, claim, bound=None, status=200):
    """The claim with the forms its status allows; ``bound`` is (action, form) after a refusal."""
    actions = []
    if can_write(request.user):
        if claim.status in OPEN_CLAIM:
            actions = ["progress", "complete", "drop"]
        elif claim.status == ClaimStatus.DONE:
            actions = ["evaluate"]
    forms = {}
    for action in actions:
        if bound and bound[0] == action:
            forms[action] = bound[1]
        else:
            initial = {"evaluation": claim.evaluation} if action == "evaluate" else None
            forms[action] = CLAIM_ACTIONS[action][0](initial=initial)
    if bound:
        # A refused action shows its form with the reason, even if no longer offered.
        forms[bound[0]] = bound[1]
    context = {
        "claim": claim,
        "forms": forms,
        "overdue": claim.status in OPEN_CLAIM and claim.task.due_on < timezone.localdate(),
    }
    return _render(request, "shuangbao/claim_detail.html", context, status=status)


def _claims(user):
    return TaskClaim.objects.visible_to(user).select_related("task__branch", "member__branch")


@reader_required
def claim_detail(request, pk):
    return _claim_page(request, get_object_or_404(_claims(request.user), pk=pk))


@writer_required
@require_POST
def claim_action(request, pk, action):
    claim = get_object_or_404(_claims(request.user), pk=pk)
    form_class, perform = CLAIM_ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(claim, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The claim has been updated."))
            return redirect("shuangbao:claim_detail", pk=claim.pk)
    return _claim_page(request, claim, bound=(action, form), status=400)
