"""The dashboard's key figures, each one aggregate query over what the user may see.

Check-in and report rates (双报) and meeting compliance (三会一课) come from their
areas' own functions (members.shuangbao, branches.meetings); nothing here computes
them a second time.
"""

import datetime
import hashlib
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum

from assistance.models import Donation, DonationKind, HelpRequest, HelpStatus, overdue_cutoff
from branches.models import Branch
from dues.ledgers import collection_rate
from dues.models import DuesBase, Payment
from meetings.compliance import CellStatus, Granularity, compliance_matrix
from members.models import Category, Member, MemberStatus
from shuangbao.models import OPEN_CLAIM, CheckIn, Report, Task, TaskClaim, TaskStatus
from shuangbao.rates import CheckInRate, ReportRate, rates
from shuangbao.rules import current_period

OPEN_HELP_STATUSES = [HelpStatus.RECEIVED, HelpStatus.IN_PROGRESS, HelpStatus.REFERRED]


# Figures that read a whole scope's members, check-ins or reports (the 双报 rates:
# about 110 ms of database time at 100,000 members) are kept in the shared cache
# under a key naming the newest history row of each table they read. Every save,
# delete and import writes a history row, so any change makes a new key and the
# dashboard never shows figures older than the data. The expiry bounds the one case
# the key misses: two writes committed in the opposite order of their history ids,
# with the dashboard read in between.
CACHE_SECONDS = 60


def _data_version(*models) -> tuple:
    """The newest history id of each model (one query): changes whenever one of its rows does."""
    tables = (connection.ops.quote_name(model.history.model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables))
        return cursor.fetchone()


def _cached(name: str, models, scope, compute):
    """``compute()``, or its value from the cache while ``models`` and ``scope`` are unchanged."""
    key = f"dashboard:{name}:" + hashlib.sha256(repr((_data_version(*models), scope)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


MEMBER_COUNTS = ("total", "direct", "mobile", "full", "probationary")


def _member_counts(active):
    """Members on the roll (在册): total, 直管 / 流动, 正式 / 预备, as aggregates."""
    return {
        "total": Count("pk", filter=active),
        "direct": Count("pk", filter=active & Q(category=Category.DIRECT)),
        "mobile": Count("pk", filter=active & Q(category=Category.MOBILE)),
        "full": Count("pk", filter=active & Q(full_member_on__isnull=False)),
        "probationary": Count("pk", filter=active & Q(full_member_on__isnull=True)),
    }


def branches_and_member_totals(user) -> tuple[list, dict]:
    """The user's branches, each with ``total`` / ``direct`` / ``mobile`` members on the
    roll, and the same counts summed (plus 正式 / 预备) for the whole scope.

    One pass over the members grouped by branch (kept in the cache while no member
    file changes), and the branches on their own: at 100,000 members this is several
    times faster than counting through a join.
    """
    branches = list(Branch.objects.visible_to(user).select_related("committee").order_by("committee_id", "ordinal"))

    def count():
        members = Member.objects.visible_to(user).order_by().values("branch_id")
        return {row.pop("branch_id"): row for row in members.annotate(**_member_counts(Q(status=MemberStatus.ACTIVE)))}

    counts = _cached("members", [Member], [branch.pk for branch in branches], count)
    totals = dict.fromkeys(MEMBER_COUNTS, 0)
    for branch in branches:
        row = counts.get(branch.pk, {})
        branch.total, branch.direct, branch.mobile = (row.get(key, 0) for key in ("total", "direct", "mobile"))
        for key in MEMBER_COUNTS:
            totals[key] += row.get(key, 0)
    return branches, totals


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


def help_request_totals(user, today: datetime.date) -> dict:
    return (
        HelpRequest.objects.visible_to(user)
        .filter(status__in=OPEN_HELP_STATUSES)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(received_on__lt=overdue_cutoff(today))))
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
        "active_claims": TaskClaim.objects.visible_to(user).filter(status__in=OPEN_CLAIM).count(),
    }


def shuangbao_rates(branches, today: datetime.date) -> dict:
    """双报: check-in rate and this period's report rate over the user's branches.

    The figures are the 双报一领 area's own (members.shuangbao). A committee's branches
    share its report cycle, so branches are grouped by their committee's current
    period: one query per distinct period, usually one in all.
    """
    by_period = defaultdict(list)
    for branch in branches:
        by_period[current_period(branch.committee, today)].append(branch)

    def count():
        check_ins, reports = CheckInRate(), ReportRate()
        for period, group in by_period.items():
            for check_in_rate, (report_rate,) in rates(group, [period]).values():
                check_ins, reports = check_ins + check_in_rate, reports + report_rate
        labels = sorted({period.label for period in by_period})
        return {"check_ins": check_ins, "reports": reports, "period": "、".join(labels)}

    scope = sorted((period.start, period.cycle, [branch.pk for branch in group]) for period, group in by_period.items())
    return _cached("shuangbao", [Member, CheckIn, Report], scope, count)


def meeting_compliance(branches, today: datetime.date) -> dict:
    """三会一课 this quarter: how many branches are on track, behind, or have missed a meeting."""
    quarter = (today.month - 1) // 3
    months = range(3 * quarter + 1, 3 * quarter + 4)
    rows = compliance_matrix(branches, today.year, Granularity.QUARTER, today, months=months)
    statuses = Counter(row.cells[0].status for row in rows)
    return {
        "met": statuses[CellStatus.MET],
        "pending": statuses[CellStatus.PENDING],
        "missed": statuses[CellStatus.MISSED],
        "branches": len(rows),
        "quarter": quarter + 1,
        "display": f"{statuses[CellStatus.MET]} / {len(rows)}",
    }


def dues_rate(branches, today: datetime.date) -> dict:
    """This year's 党费收缴率 over the user's branches (dues.ledgers), kept in the cache while no
    member file, base or payment changes."""
    return _cached(
        "dues",
        [Member, DuesBase, Payment],
        (today.isoformat(), [b.pk for b in branches]),
        lambda: collection_rate(branches, today),
    )
