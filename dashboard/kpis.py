"""The dashboard's key figures, each one aggregate query over what the user may see.

Check-in and report rates (双报) and meeting compliance (三会一课) come from their
areas' own functions (members.shuangbao, branches.meetings); nothing here computes
them a second time.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from assistance.models import Donation, DonationKind, HelpRequest, HelpStatus
from branches.meetings import CellStatus, Granularity, compliance_matrix
from branches.models import Branch, Task, TaskStatus
from members import shuangbao
from members.models import Category, ClaimStatus, Member, MemberStatus, TaskClaim

OPEN_HELP_STATUSES = [HelpStatus.RECEIVED, HelpStatus.IN_PROGRESS, HelpStatus.REFERRED]
ACTIVE_CLAIM_STATUSES = [ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS]
# A help request still open after this many days is flagged on the dashboard.
HELP_REQUEST_OVERDUE_DAYS = 30


def member_totals(user) -> dict:
    """Members on the roll (在册): total, 直管 / 流动, 正式 / 预备."""
    return (
        Member.objects.visible_to(user)
        .filter(status=MemberStatus.ACTIVE)
        .aggregate(
            total=Count("pk"),
            direct=Count("pk", filter=Q(category=Category.DIRECT)),
            mobile=Count("pk", filter=Q(category=Category.MOBILE)),
            full=Count("pk", filter=Q(full_member_on__isnull=False)),
            probationary=Count("pk", filter=Q(full_member_on__isnull=True)),
        )
    )


def branches_with_member_counts(user):
    """The user's branches, each with its members on the roll split 直管 / 流动 (one grouped query)."""
    active = Q(members__status=MemberStatus.ACTIVE)
    return (
        Branch.objects.visible_to(user)
        .select_related("committee")
        .annotate(
            total=Count("members", filter=active),
            direct=Count("members", filter=active & Q(members__category=Category.DIRECT)),
            mobile=Count("members", filter=active & Q(members__category=Category.MOBILE)),
        )
        .order_by("committee_id", "ordinal")
    )


def overdue_help_cutoff(today: datetime.date) -> datetime.date:
    """Requests received before this day and still open are over 30 days old."""
    return today - datetime.timedelta(days=HELP_REQUEST_OVERDUE_DAYS)


def help_request_totals(user, today: datetime.date) -> dict:
    return (
        HelpRequest.objects.visible_to(user)
        .filter(status__in=OPEN_HELP_STATUSES)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(received_on__lt=overdue_help_cutoff(today))))
    )


def donation_totals(user, year: int) -> dict:
    """Money and goods (at their value, yuan) raised in ``year``, and everything raised so far."""
    this_year = Q(donated_on__year=year)
    totals = Donation.objects.visible_to(user).aggregate(
        money=Sum("amount", filter=this_year & Q(kind=DonationKind.MONEY)),
        goods=Sum("amount", filter=this_year & Q(kind=DonationKind.GOODS)),
        all_time=Sum("amount"),
    )
    totals = {key: value or Decimal(0) for key, value in totals.items()}
    totals["raised"] = totals["money"] + totals["goods"]
    return totals


def task_totals(user) -> dict:
    """Open tasks (任务) and the claims (领任务) still being worked on: two queries, two scopes."""
    return {
        "open_tasks": Task.objects.visible_to(user).filter(status=TaskStatus.OPEN).count(),
        "active_claims": TaskClaim.objects.visible_to(user).filter(status__in=ACTIVE_CLAIM_STATUSES).count(),
    }


def shuangbao_rates(branches, today: datetime.date) -> dict:
    """双报: check-in rate and this period's report rate over the user's branches.

    The figures are the 双报一领 area's own (members.shuangbao); a committee's branches
    share its report cycle, so the report rate is summed per committee's current period.
    """
    by_committee = defaultdict(list)
    for branch in branches:
        by_committee[branch.committee].append(branch)
    check_ins = shuangbao.total(shuangbao.check_in_rates(branches).values()) or shuangbao.CheckInRate()
    reports = shuangbao.ReportRate()
    periods = set()
    for committee, members in by_committee.items():
        period = shuangbao.current_period(committee, today)
        periods.add(period.label)
        reports = reports + (
            shuangbao.total(shuangbao.report_rates(members, period).values()) or shuangbao.ReportRate()
        )
    return {"check_ins": check_ins, "reports": reports, "period": "、".join(sorted(periods))}


def meeting_compliance(branches, today: datetime.date) -> dict:
    """三会一课 this quarter: how many branches are on track, behind, or have missed a meeting."""
    quarter = (today.month - 1) // 3
    rows = compliance_matrix(branches, today.year, Granularity.QUARTER, today)
    statuses = Counter(row.cells[quarter].status for row in rows)
    return {
        "met": statuses[CellStatus.MET],
        "pending": statuses[CellStatus.PENDING],
        "missed": statuses[CellStatus.MISSED],
        "branches": len(rows),
        "quarter": quarter + 1,
        "display": f"{statuses[CellStatus.MET]} / {len(rows)}",
    }
