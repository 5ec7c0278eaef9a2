"""待办: each role's to-do list on the dashboard, counted per branch and linked to the list
that shows the rows.

A small registry: one ``Item`` per kind of work (label, the filtered list's URL, a count
function). A branch secretary sees the counts of the branch; committee staff and the county
the same per branch and summed; a village secretary the items of the home side. Each count
is one grouped query over what the user may see (``visible_to``), so the list costs the same
number of queries for 5 members as for 500 (the meetings item reads the compliance matrix:
three queries). The daily reminder job (reminders) reads the same registry.

To add an item: ``register(Item(...))`` from any module the dashboard imports (e.g. the
self check-ins waiting for confirmation: ``awaiting_confirmation(user)``).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.models import HelpRequest, overdue_cutoff
from assistance.models.help_requests import OPEN_ENDED_STATUSES
from assistance.referrals import open_referrals
from branches.models import Branch, Committee
from dashboard.kpis import _cached
from development.models import Applicant
from development.services import probation_ending
from dues.arrears import arrears_for
from dues.models import DuesAccount, Payment
from meetings.compliance import CellStatus, Granularity, compliance_matrix
from meetings.models import ComplianceRule, Meeting
from members.models import Member, Transfer
from members.transfers import overdue_condition
from shuangbao.acknowledgements import reports_to_acknowledge
from shuangbao.confirmations import awaiting_confirmation
from shuangbao.models import OPEN_CLAIM, CheckIn, Report, TaskClaim
from shuangbao.rules import BoardStatus, awaited_condition, current_period, not_checked_in, report_board

BRANCH_SIDE = "branch"  # branch secretaries, committee staff, the county: counted per branch
HOME_SIDE = "home"  # the village secretary: one count

# 临期: a claim whose task is due within this many days (or overdue).
CLAIM_DUE_DAYS = 7
# 预备期将满: probation ending within this many days.
PROBATION_DAYS = 60


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    side: str
    # (user, today) → {branch_id: count} on the branch side, or an int on the home side.
    count: Callable
    # (branch_id or None) → the filtered list.
    url: Callable


REGISTRY: dict[str, Item] = {}


def register(item: Item) -> Item:
    REGISTRY[item.key] = item
    return item


def _by_branch(rows, path="branch_id") -> dict:
    return dict(rows.order_by().values_list(path).annotate(n=Count("pk", distinct=True)))


def _link(name, branch_id=None, **query):
    if branch_id is not None:
        query["branch"] = branch_id
    url = reverse(name)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _report_link(branch_id):
    """The report board on the last period that has ended (the default cycle's), its overdue rows."""
    period = current_period(Committee(), timezone.localdate()).previous()
    return _link("shuangbao:report_board", branch_id, period=f"{period.start:%Y-%m-%d}", report_status="overdue")


def self_check_ins_to_confirm(user, today):
    return _by_branch(awaiting_confirmation(user))


def not_checked_in_past_grace(user, today):
    members = not_checked_in(Member.objects.visible_to(user)).exclude(awaited_condition(today))
    return _by_branch(members)


def overdue_reports(user, today):
    """报告: members who owe the report of the last period that has ended (one query per
    report cycle in use, usually one)."""
    counts = {}
    members = Member.objects.visible_to(user)
    for cycle in Committee.objects.visible_to(user).order_by().values_list("report_cycle", flat=True).distinct():
        period = current_period(Committee(report_cycle=cycle), today).previous()
        rows = report_board(members.filter(branch__committee__report_cycle=cycle), period)
        for branch_id, n in _by_branch(rows.filter(report_status=BoardStatus.OVERDUE)).items():
            counts[branch_id] = counts.get(branch_id, 0) + n
    return counts


def claims_due(user, today):
    claims = TaskClaim.objects.visible_to(user).filter(
        status__in=OPEN_CLAIM, task__due_on__lte=today + datetime.timedelta(days=CLAIM_DUE_DAYS)
    )
    return _by_branch(claims, "member__branch_id")


def meetings_required(user, today):
    """三会一课: the meetings the compliance rules still ask for this quarter (pending or missed)."""
    quarter_start = 3 * ((today.month - 1) // 3) + 1
    branches = Branch.objects.visible_to(user).filter(dissolved_on__isnull=True)
    rows = compliance_matrix(
        branches, today.year, Granularity.QUARTER, today, months=range(quarter_start, quarter_start + 3)
    )
    return {
        row.branch.pk: len(row.cells[0].missing)
        for row in rows
        if row.cells and row.cells[0].status in (CellStatus.PENDING, CellStatus.MISSED)
    }


def help_requests_overdue(user, today):
    cases = HelpRequest.objects.visible_to(user).exclude(status__in=OPEN_ENDED_STATUSES)
    return _by_branch(cases.filter(received_on__lt=overdue_cutoff(today)))


def probation_ending_soon(user, today):
    return _by_branch(probation_ending(user, today, within_days=PROBATION_DAYS))


def transfers_awaiting_receipt(user, today):
    return _by_branch(Transfer.objects.visible_to(user).filter(overdue_condition(today)), "from_branch_id")


def arrears(user, today):
    return _by_branch(arrears_for(user, today), "member__branch_id")


for _item in (
    Item(
        "awaiting_confirmation",
        _("Self check-ins to confirm"),
        BRANCH_SIDE,
        self_check_ins_to_confirm,
        lambda b: _link("shuangbao:check_in_list", b, status="pending"),
    ),
    Item(
        "not_checked_in",
        _("Not checked in after the grace period"),
        BRANCH_SIDE,
        not_checked_in_past_grace,
        lambda b: _link("shuangbao:not_checked_in", b, state="overdue"),
    ),
    Item(
        "report_overdue",
        _("Reports overdue (last period)"),
        BRANCH_SIDE,
        overdue_reports,
        _report_link,
    ),
    Item(
        "claim_due",
        _("Claims due within 7 days or overdue"),
        BRANCH_SIDE,
        claims_due,
        lambda b: _link("shuangbao:task_board", overdue="true"),
    ),
    Item(
        "meeting_required",
        _("Meetings still required this quarter"),
        BRANCH_SIDE,
        meetings_required,
        lambda b: _link("meetings:compliance", b, granularity="quarter"),
    ),
    Item(
        "help_overdue",
        _("Help requests open over 30 days"),
        BRANCH_SIDE,
        help_requests_overdue,
        lambda b: _link("assistance:help_request_list", b, overdue="yes"),
    ),
    Item(
        "probation_ending",
        _("Probation ending within 60 days"),
        BRANCH_SIDE,
        probation_ending_soon,
        lambda b: _link("development:board", b, stage="probationary"),
    ),
    Item(
        "transfer_receipts",
        _("Transfers waiting for receipts"),
        BRANCH_SIDE,
        transfers_awaiting_receipt,
        lambda b: _link("members:transfer_list", overdue=1),
    ),
    Item("arrears", _("Dues in arrears"), BRANCH_SIDE, arrears, lambda b: _link("dues:arrears", b)),
    Item(
        "reports_to_acknowledge",
        _("Reports to acknowledge"),
        HOME_SIDE,
        lambda user, today: reports_to_acknowledge(user).count(),
        lambda b: _link("village:report_list"),
    ),
    Item(
        "open_referrals",
        _("Referred help requests"),
        HOME_SIDE,
        lambda user, today: open_referrals(user).count(),
        lambda b: _link("village:referral_list"),
    ),
):
    register(_item)


# The tables the counts read, each with its history: the counts are kept in the shared cache
# (dashboard.kpis._cached) until a row of one of them changes, or for a minute.
COUNTED = [
    Member,
    CheckIn,
    Report,
    TaskClaim,
    HelpRequest,
    Transfer,
    Applicant,
    DuesAccount,
    Payment,
    Meeting,
    ComplianceRule,
]


def counts_for(user, side, today, branch_ids) -> dict:
    """item key → the item's count (per branch on the branch side), from the cache when the
    data has not changed."""
    items = [item for item in REGISTRY.values() if item.side == side]
    scope = (side, today.isoformat(), branch_ids if side == BRANCH_SIDE else user.pk, [i.key for i in items])
    return _cached("todo", COUNTED, scope, lambda: {item.key: item.count(user, today) for item in items})


@dataclass
class Row:
    item: Item
    count: int
    url: str
    by_branch: list  # [(branch, count, url)] for committee staff and the county, largest first
    more: int = 0  # branches with a count beyond those listed


# A county's 200 branches would make a wall of badges: the largest counts are listed, the
# rest is a number (the item's link opens the whole list).
BRANCHES_LISTED = 12


def todo_for(user, side=BRANCH_SIDE, today=None, branches=None) -> list[Row]:
    """The user's to-do rows of ``side``, in registry order, with zero counts left in (the
    list shows every item so the user knows it was checked). ``branches``: the user's
    branches, if the caller has them already."""
    today = today or timezone.localdate()
    rows = []
    if side == BRANCH_SIDE and branches is None:
        branches = list(Branch.objects.visible_to(user).order_by("committee_id", "ordinal"))
    counted = counts_for(user, side, today, [b.pk for b in branches] if side == BRANCH_SIDE else None)
    for item in REGISTRY.values():
        if item.side != side:
            continue
        if side == HOME_SIDE:
            rows.append(Row(item, counted[item.key], item.url(None), []))
            continue
        counts = counted[item.key]
        one = len(branches) == 1
        due = sorted((b for b in branches if counts.get(b.pk)), key=lambda b: -counts[b.pk])
        per_branch = [] if one else [(b, counts[b.pk], item.url(b.pk)) for b in due[:BRANCHES_LISTED]]
        total = sum(counts.get(b.pk, 0) for b in branches)
        more = 0 if one else max(0, len(due) - BRANCHES_LISTED)
        rows.append(Row(item, total, item.url(branches[0].pk if one else None), per_branch, more))
    return rows
