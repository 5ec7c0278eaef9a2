from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from dashboard import kpis
from dashboard.links import admin_list_url, member_list_url
from dashboard.tables import CHARTS
from members.models import Category, MemberStatus


@login_required
@never_cache
def dashboard(request):
    """工作台: the key figures of the user's scope, each a link to what it counts, and the charts."""
    user, today = request.user, timezone.localdate()
    branches = list(kpis.branches_with_member_counts(user))
    totals = kpis.member_totals(user)
    help_requests = kpis.help_request_totals(user, today)
    active = MemberStatus.ACTIVE
    open_help = ",".join(kpis.OPEN_HELP_STATUSES)
    context = {
        "today": today,
        "branches": branches,
        "totals": totals,
        "help_requests": help_requests,
        "donations": kpis.donation_totals(user, today.year),
        "tasks": kpis.task_totals(user),
        "charts": CHARTS.values(),
        "links": {
            "members": member_list_url(status=active),
            "direct": member_list_url(category=Category.DIRECT, status=active),
            "mobile": member_list_url(category=Category.MOBILE, status=active),
            "full": member_list_url(full_member_on__isnull="False", status=active),
            "probationary": member_list_url(full_member_on__isnull="True", status=active),
            "open_help": admin_list_url("assistance.helprequest", status__in=open_help),
            "overdue_help": admin_list_url(
                "assistance.helprequest",
                status__in=open_help,
                received_on__lt=kpis.overdue_help_cutoff(today).isoformat(),
            ),
            "donations": admin_list_url("assistance.donation", donated_on__year=today.year),
            "open_tasks": admin_list_url("branches.task", status__exact="open"),
            "active_claims": admin_list_url("members.taskclaim", status__in=",".join(kpis.ACTIVE_CLAIM_STATUSES)),
        },
    }
    return render(request, "dashboard/index.html", context)
