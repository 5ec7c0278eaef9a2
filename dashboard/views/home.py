from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from branches.permissions import can_manage_accounts, can_read_member_data, is_home_secretary
from dashboard import kpis
from dashboard.links import member_list_url
from dashboard.tables import CHARTS
from dashboard.todo import todo_for
from members.models import Category, MemberStatus
from members.worklists import lifecycle_figures


@login_required
@never_cache
def dashboard(request):
    """工作台: the key figures of the user's scope, each a link to what it counts, and the charts.

    The system administrator reads no member data: their home is the account list; a home
    organisation's secretary's is the village pages."""
    if can_manage_accounts(request.user) and not can_read_member_data(request.user):
        return redirect("accounts:user_list")
    if is_home_secretary(request.user):
        # The village secretary's home is its own members' list.
        return redirect("village:home")
    if not can_read_member_data(request.user):
        raise PermissionDenied
    user, today = request.user, timezone.localdate()
    branches, totals = kpis.branches_and_member_totals(user)
    help_requests = kpis.help_request_totals(user, today)
    active = MemberStatus.ACTIVE
    context = {
        "today": today,
        "branches": branches,
        "totals": totals,
        "help_requests": help_requests,
        "donations": kpis.donation_totals(user, today.year),
        "tasks": kpis.task_totals(user),
        "shuangbao": kpis.shuangbao_rates(branches, today),
        "compliance": kpis.meeting_compliance(branches, today),
        "lifecycle": lifecycle_figures(user, today),
        "dues": kpis.dues_rate(branches, today),
        # 待办: each item counted per branch, linked to its filtered list.
        "todo": todo_for(user, today=today, branches=branches),
        # A branch's own dashboard draws no one-bar chart "by branch".
        "charts": [chart for chart in CHARTS.values() if not chart.per_branch or len(branches) > 1],
        "links": {
            "members": member_list_url(status=active),
            "direct": member_list_url(category=Category.DIRECT, status=active),
            "mobile": member_list_url(category=Category.MOBILE, status=active),
            "full": member_list_url(full_member_on__isnull="False", status=active),
            "probationary": member_list_url(full_member_on__isnull="True", status=active),
            "open_help": reverse("assistance:help_request_list"),
            "overdue_help": reverse("assistance:help_request_list") + "?overdue=yes",
            "donations": reverse("assistance:campaign_list"),
            "open_tasks": reverse("shuangbao:task_board") + "?status=open",
            "active_claims": reverse("shuangbao:task_board"),
            "check_ins": reverse("shuangbao:not_checked_in"),
            "reports": reverse("shuangbao:report_board"),
            "compliance": reverse("meetings:compliance") + "?granularity=quarter",
            "lost": reverse("members:lost_list"),
            "suspension_due": reverse("members:lost_list") + "?due=suspension_due",
            "removal_due": reverse("members:lost_list") + "?due=removal_due",
            "overdue_receipts": reverse("members:transfer_list") + "?overdue=1",
            "should_transfer": reverse("members:should_transfer_list"),
            "expiring_certificates": reverse("members:certificate_list"),
            "dues": reverse("dues:report"),
        },
    }
    return render(request, "dashboard/index.html", context)
