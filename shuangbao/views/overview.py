"""The 双报一领 overview (rates per branch and for the committee) and one member's linked record."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from branches.models import Branch
from branches.permissions import reader_required
from members.models import Member
from shuangbao.models import TaskStatus
from shuangbao.rates import rates, task_stats, total
from shuangbao.rules import current_period, member_status
from shuangbao.views.common import _committee, _render
from shuangbao.views.tasks import tasks_with_counts


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


@reader_required
def member_record(request, pk):
    member = get_object_or_404(Member.objects.visible_to(request.user).select_related("branch__committee"), pk=pk)
    today = timezone.localdate()
    open_tasks = (
        tasks_with_counts(request.user, today)
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
