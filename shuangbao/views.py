"""双报一领 pages: check-ins, the report period board, the task board and claims,
and one member's linked record. Thin views: the rules live in members.shuangbao."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.exports import xlsx_response
from branches.models import Branch, Committee
from branches.permissions import can_write, reader_required, writer_required
from lib.pagination import page_of
from lib.xlsx import iso_date
from members.models import Member
from shuangbao import rules
from shuangbao.forms import (
    CheckInFilter,
    CheckInForm,
    ClaimForm,
    CompleteForm,
    DropForm,
    EvaluateForm,
    MemberSearchFilter,
    ProgressForm,
    ReportBoardFilter,
    ReportForm,
    TaskFilter,
    TaskForm,
)
from shuangbao.models import OPEN_CLAIM, CheckIn, ClaimStatus, Task, TaskClaim, TaskStatus
from shuangbao.rates import rates, report_rates, task_stats, total
from shuangbao.rules import BoardStatus, current_period, member_status, not_checked_in
from shuangbao.services import (
    claim_task,
    complete_claim,
    drop_claim,
    evaluate_claim,
    record_check_in,
    record_progress,
    record_report,
)


def _render(request, template, context, status=200):
    context.setdefault("can_write", can_write(request.user))
    return render(request, template, context, status=status)


def _committee(request):
    """The committee whose cycle the boards use: the user's own, or the first one visible."""
    committees = Committee.objects.visible_to(request.user)
    chosen = (
        committees.filter(pk=request.GET.get("committee")).first()
        if request.GET.get("committee", "").isdigit()
        else None
    )
    committee = chosen or committees.first()
    if committee is None:
        raise Http404
    return committee


def _next_or(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _preselected_member(request):
    pk = request.GET.get("member", "")
    if not pk.isdigit():
        return None
    return Member.objects.visible_to(request.user).select_related("branch__committee").filter(pk=pk).first()


# --- overview ---------------------------------------------------------------------


@reader_required
def overview(request):
    """Per branch and for the committee: check-in rate, report rates, tasks."""
    committee = _committee(request)
    branches = list(Branch.objects.visible_to(request.user).filter(committee=committee).order_by("ordinal"))
    periods = current_period(committee).recent(4)
    figures = rates(branches, periods)
    check_ins = {pk: check_in_rate for pk, (check_in_rate, _reports) in figures.items()}
    reports = {pk: report_rates for pk, (_check_ins, report_rates) in figures.items()}
    tasks = task_stats(branches)
    rows = [(branch, check_ins[branch.pk], reports[branch.pk], tasks[branch.pk]) for branch in branches]
    totals = None
    if len(branches) > 1:
        totals = (
            total(check_ins.values()),
            [total(rates[index] for rates in reports.values()) for index in range(len(periods))],
            total(tasks.values()),
        )
    context = {"committee": committee, "periods": periods, "rows": rows, "totals": totals}
    return _render(request, "shuangbao/overview.html", context)


# --- check-ins (报到) -------------------------------------------------------------


def _check_ins(request):
    queryset = CheckIn.objects.visible_to(request.user).select_related("member", "branch", "recorded_by")
    return CheckInFilter(request.GET or None, queryset=queryset, user=request.user)


@reader_required
def check_in_list(request):
    filterset = _check_ins(request)
    return _render(
        request, "shuangbao/check_in_list.html", {"filter": filterset, "page_obj": page_of(request, filterset.qs)}
    )


@reader_required
def check_in_export(request):
    filterset = _check_ins(request)
    rows = (
        [
            c.member.name,
            c.member.phone,
            c.branch.name,
            iso_date(c.checked_in_on),
            c.get_way_display(),
            c.address,
            c.employer,
            c.recorded_by.get_full_name() if c.recorded_by else "",
        ]
        for c in filterset.qs
    )
    headers = [
        _("Name"),
        _("Phone"),
        _("Branch"),
        _("Checked in on"),
        _("Way"),
        _("Address"),
        _("Employer"),
        _("Recorded by"),
    ]
    return xlsx_response(
        request,
        filename="报到登记",
        headers=headers,
        rows=rows,
        title=_("Check-ins"),
        what="check_ins",
        filters=request.GET.dict(),
    )


@writer_required
def check_in_create(request):
    member = _preselected_member(request)
    initial = {"member": member, "branch": member.branch_id, "employer": member.employer} if member else {}
    form = CheckInForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_check_in(
                data["member"],
                branch=data["branch"],
                checked_in_on=data["checked_in_on"],
                way=data["way"],
                address=data["address"],
                employer=data["employer"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Check-in of %(name)s recorded.") % {"name": data["member"]})
            return redirect(_next_or(request, reverse("shuangbao:member_record", args=[data["member"].pk])))
    return _render(request, "shuangbao/form.html", {"form": form, "title": _("Record a check-in"), "member": member})


def _not_checked_in(request):
    members = not_checked_in(Member.objects.visible_to(request.user)).select_related("branch")
    return MemberSearchFilter(
        request.GET or None, queryset=members.order_by("branch__ordinal", "left_home_on"), user=request.user
    )


@reader_required
def not_checked_in_list(request):
    filterset = _not_checked_in(request)
    return _render(
        request, "shuangbao/not_checked_in.html", {"filter": filterset, "page_obj": page_of(request, filterset.qs)}
    )


@reader_required
def not_checked_in_export(request):
    filterset = _not_checked_in(request)
    rows = (
        [m.name, m.phone, m.branch.name, m.work_city, m.employer, iso_date(m.left_home_on), m.home_organisation]
        for m in filterset.qs
    )
    headers = [
        _("Name"),
        _("Phone"),
        _("Branch"),
        _("Work city"),
        _("Employer"),
        _("Left home on"),
        _("Home organisation"),
    ]
    return xlsx_response(
        request,
        filename="未报到党员",
        headers=headers,
        rows=rows,
        title=_("Mobile members not checked in"),
        what="not_checked_in",
        filters=request.GET.dict(),
    )


# --- reports (报告) ---------------------------------------------------------------


def _board(request):
    committee = _committee(request)
    periods = current_period(committee).recent(8)
    chosen = request.GET.get("period")
    period = next((p for p in periods if f"{p.start:%Y-%m-%d}" == chosen), periods[0])
    members = Member.objects.visible_to(request.user).filter(branch__committee=committee).select_related("branch")
    queryset = rules.report_board(members, period).order_by("branch__ordinal", "report_status", "name")
    data = request.GET.copy()
    data.setdefault("period", f"{period.start:%Y-%m-%d}")
    filterset = ReportBoardFilter(data, queryset=queryset, user=request.user, periods=periods)
    return committee, period, filterset


@reader_required
def report_board(request):
    committee, period, filterset = _board(request)
    branches = Branch.objects.visible_to(request.user).filter(committee=committee).order_by("ordinal")
    selected = filterset.form.cleaned_data.get("branch") if filterset.is_valid() else None
    if selected:
        branches = branches.filter(pk=selected.pk)
    branches = list(branches)
    rates = report_rates(branches, period)
    context = {
        "filter": filterset,
        "page_obj": page_of(request, filterset.qs),
        "period": period,
        "rates": [(branch, rates[branch.pk]) for branch in branches],
        "total": total(rates.values()),
        "labels": dict(BoardStatus.choices),
    }
    return _render(request, "shuangbao/report_board.html", context)


@reader_required
def report_board_export(request):
    period, filterset = _board(request)[1:]
    labels = dict(BoardStatus.choices)
    rows = (
        [
            m.name,
            m.phone,
            m.branch.name,
            m.home_organisation,
            labels[m.report_status],
            iso_date(m.report_submitted_on),
        ]
        for m in filterset.qs
    )
    headers = [_("Name"), _("Phone"), _("Branch"), _("Home organisation"), _("Report status"), _("Submitted on")]
    return xlsx_response(
        request,
        filename=f"报告情况-{period.label}",
        headers=headers,
        rows=rows,
        title=_("Reports for %(period)s") % {"period": period},
        what="report_board",
        filters=request.GET.dict(),
    )


@writer_required
def report_create(request):
    member = _preselected_member(request)
    committee = member.branch.committee if member else _committee(request)
    form = ReportForm(request.POST or None, user=request.user, cycle=committee.report_cycle, initial={"member": member})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_report(
                data["member"],
                period_start=data["period_start"],
                submitted_on=data["submitted_on"],
                channel=data["channel"],
                summary=data["summary"],
                acknowledged_by=data["acknowledged_by"],
                acknowledged_on=data["acknowledged_on"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report of %(name)s recorded.") % {"name": data["member"]})
            return redirect(_next_or(request, reverse("shuangbao:member_record", args=[data["member"].pk])))
    return _render(request, "shuangbao/form.html", {"form": form, "title": _("Record a report"), "member": member})


# --- tasks and claims (领任务) ----------------------------------------------------


def _tasks_with_counts(user, today=None):
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
    return TaskFilter(request.GET or None, queryset=_tasks_with_counts(request.user).order_by("-opens_on", "-pk"))


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
    task = get_object_or_404(_tasks_with_counts(request.user), pk=pk)
    return _task_page(request, task)


@writer_required
@require_POST
def task_claim(request, pk):
    task = get_object_or_404(_tasks_with_counts(request.user), pk=pk)
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


# --- one member's linked record ---------------------------------------------------


@reader_required
def member_record(request, pk):
    member = get_object_or_404(Member.objects.visible_to(request.user).select_related("branch__committee"), pk=pk)
    today = timezone.localdate()
    open_tasks = (
        _tasks_with_counts(request.user, today)
        .filter(
            Q(branch__isnull=True) | Q(branch=member.branch_id),
            committee=member.branch.committee_id,
            status=TaskStatus.OPEN,
            opens_on__lte=today,
            due_on__gte=today,
        )
        .exclude(claims__member=member)
        .filter(remaining__gt=0)
        .order_by("due_on")
    )
    context = {
        "member": member,
        "record": member_status(member, today),
        "open_tasks": open_tasks,
        "today": today,
    }
    return _render(request, "shuangbao/member_record.html", context)
