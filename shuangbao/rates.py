"""双报一领 per-branch figures: check-in rate, report rate and task counts.

Grouped aggregates over members: one query for any number of branches and members.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, DateField, Q, Value
from django.utils import timezone

from members.models import Category, Member, MemberStatus
from shuangbao.models import OPEN_CLAIM, CheckIn, ClaimStatus, Report, TaskClaim
from shuangbao.periods import Period

# A member without a departure date counts every check-in as "since leaving home".
_EARLIEST = Value(datetime.date(1900, 1, 1), output_field=DateField())


# --- per-branch figures -----------------------------------------------------------


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class CheckInRate:
    members: int = 0
    checked_in: int = 0

    @property
    def not_checked_in(self):
        return self.members - self.checked_in

    @property
    def rate(self):
        return _percent(self.checked_in, self.members)

    def __add__(self, other):
        return CheckInRate(self.members + other.members, self.checked_in + other.checked_in)


@dataclass
class ReportRate:
    period: Period | None = None
    due: int = 0
    reported: int = 0
    on_time: int = 0
    exempt: int = 0

    @property
    def overdue(self):
        return self.due - self.reported

    @property
    def rate(self):
        return _percent(self.reported, self.due)

    @property
    def on_time_rate(self):
        return _percent(self.on_time, self.due)

    def __add__(self, other):
        return ReportRate(
            self.period or other.period,
            self.due + other.due,
            self.reported + other.reported,
            self.on_time + other.on_time,
            self.exempt + other.exempt,
        )


@dataclass
class TaskStats:
    claimed: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def done_rate(self):
        return _percent(self.done, self.claimed)

    def __add__(self, other):
        return TaskStats(self.claimed + other.claimed, self.done + other.done, self.overdue + other.overdue)


def _branch_ids(branches):
    return [branch.pk for branch in branches]


# The rates below are computed in SQL rather than from the ORM conditions of shuangbao.rules: as
# correlated EXISTS, each condition ran once per member per counted column (seconds
# at 100,000 members). Here each mobile member is read once with the check-ins since
# leaving home folded in (PostgreSQL merges the two in member order), and each
# condition is a CASE over those facts. The rules are the same as
# checked_in_condition, report_exempt_condition and _reported; a test compares the
# two on varied data (tests/shuangbao/test_rates_agree.py).
_RATES_SQL = """
WITH facts AS (
    SELECT m.id, m.branch_id, m.status, m.joined_party_on, m.left_home_on,
           MAX(CASE WHEN c.branch_id = m.branch_id THEN 1 ELSE 0 END) AS here
    FROM {member} m
    LEFT JOIN {check_in} c ON c.member_id = m.id AND c.checked_in_on >= COALESCE(m.left_home_on, %s)
    WHERE m.category = %s AND m.branch_id IN ({branches})
    GROUP BY m.id
), per_period AS (
    SELECT facts.branch_id,
           CASE WHEN facts.status = %s THEN 1 ELSE 0 END AS on_roll,
           facts.here{fact_columns}
    FROM facts{report_joins}
)
SELECT branch_id, COUNT(*), SUM(on_roll), SUM(on_roll * here){sums}
FROM per_period
GROUP BY branch_id
"""
# Per period: due (1/0), and the report: 0 none, 1 late, 2 on time.
_PERIOD_FACTS = """,
           CASE WHEN facts.status = %s
                 AND facts.joined_party_on <= %s
                 AND (facts.left_home_on IS NULL OR facts.left_home_on <= %s)
                THEN 1 ELSE 0 END AS due{i},
           CASE WHEN r{i}.submitted_on IS NULL THEN 0 WHEN r{i}.submitted_on <= %s THEN 2 ELSE 1 END AS report{i}"""
_PERIOD_JOIN = """
    LEFT JOIN {report} r{i} ON r{i}.member_id = facts.id AND r{i}.period_start = %s"""
_PERIOD_SUMS = """,
       SUM(due{i}),
       SUM(CASE WHEN report{i} > 0 THEN due{i} ELSE 0 END),
       SUM(CASE WHEN report{i} = 2 THEN due{i} ELSE 0 END)"""


def rates(branches, periods: list[Period]) -> dict[int, tuple[CheckInRate, list[ReportRate]]]:
    """Per branch: the check-in rate, and a ReportRate for each of ``periods``, from one query.

    Check-ins count mobile members on the roll; reports count every mobile member of
    the branch, those not due (exempt, 免报) included as ``exempt``.
    """
    ids = _branch_ids(branches)
    result = {pk: (CheckInRate(), [ReportRate(period) for period in periods]) for pk in ids}
    if not ids:
        return result
    tables = {
        "member": Member._meta.db_table,
        "check_in": CheckIn._meta.db_table,
        "report": Report._meta.db_table,
    }
    # Dates go in as ISO text: both PostgreSQL and SQLite compare them with date columns.
    fact_params, join_params = [], []
    for period in periods:
        cutoff, end = period.cutoff.isoformat(), period.end.isoformat()
        fact_params += [MemberStatus.ACTIVE, cutoff, cutoff, end]
        join_params.append(period.start.isoformat())
    numbered = range(len(periods))
    sql = _RATES_SQL.format(
        branches=", ".join(["%s"] * len(ids)),
        fact_columns="".join(_PERIOD_FACTS.format(i=i) for i in numbered),
        report_joins="".join(_PERIOD_JOIN.format(i=i, **tables) for i in numbered),
        sums="".join(_PERIOD_SUMS.format(i=i) for i in numbered),
        **tables,
    )
    params = [
        *(_EARLIEST.value.isoformat(), Category.MOBILE, *ids),  # facts
        *(MemberStatus.ACTIVE, *fact_params, *join_params),  # per_period
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for branch_id, members, on_roll, checked_in, *period_sums in rows:
        report_rates = []
        for index, period in enumerate(periods):
            due, reported, on_time = (int(value) for value in period_sums[3 * index : 3 * index + 3])
            report_rates.append(ReportRate(period, due, reported, on_time, exempt=members - due))
        result[branch_id] = (CheckInRate(int(on_roll), int(checked_in)), report_rates)
    return result


def check_in_rates(branches) -> dict[int, CheckInRate]:
    """Per branch: mobile members on the roll and how many have checked in (one query)."""
    return {pk: check_ins for pk, (check_ins, _reports) in rates(branches, []).items()}


def report_rates_by_period(branches, periods: list[Period]) -> dict[int, list[ReportRate]]:
    """Per branch, one ReportRate per period, all from one grouped query."""
    return {pk: reports for pk, (_check_ins, reports) in rates(branches, periods).items()}


def report_rates(branches, period: Period) -> dict[int, ReportRate]:
    """Per branch: who is due, has reported (on time) or is exempt for ``period``."""
    return {pk: reports[0] for pk, reports in report_rates_by_period(branches, [period]).items()}


def task_stats(branches, today=None) -> dict[int, TaskStats]:
    """Per branch of the claiming member: claims held (not dropped), done, and overdue."""
    today = today or timezone.localdate()
    ids = _branch_ids(branches)
    rows = (
        TaskClaim.objects.filter(member__branch__in=ids)
        .order_by()
        .values("member__branch_id")
        .annotate(
            claimed=Count("pk", filter=~Q(status=ClaimStatus.DROPPED)),
            done=Count("pk", filter=Q(status=ClaimStatus.DONE)),
            overdue=Count("pk", filter=Q(status__in=OPEN_CLAIM, task__due_on__lt=today)),
        )
    )
    stats = {pk: TaskStats() for pk in ids}
    for row in rows:
        stats[row["member__branch_id"]] = TaskStats(row["claimed"], row["done"], row["overdue"])
    return stats


def total(rows):
    """The committee line: the sum of the branches' figures."""
    values = list(rows)
    if not values:
        return None
    result = values[0]
    for value in values[1:]:
        result = result + value
    return result
