"""Arrears (欠缴党费): how many months a member is behind, the lists, and the 自行脱党 join.

A month is late once it is over: on any day of March, a member paid up to February is
not behind, one paid up to November is three months behind (December, January, February).

中国共产党章程 第九条 and the 2008 党费 rules 第十三条: a member who, without a proper
reason, pays no dues for six months in a row is regarded as having left the party of their
own accord (自行脱党). The list here is a warning for the branch to look into; nobody is
struck off by it.
"""

import datetime

from django.db.models import ExpressionWrapper, F, IntegerField, Value
from django.utils import timezone

from branches.models import DuesCollector
from dues import months
from dues.models import DuesAccount
from dues.roll import on_roll
from members.models import Member

ARREARS_MONTHS = 3
LAPSED_MONTHS = 6


def last_due_month(today: datetime.date) -> int:
    """The last month that is over (the one before today's)."""
    return months.month_index(today) - 1


def months_behind(paid_through: int, today: datetime.date) -> int:
    return max(0, last_due_month(today) - paid_through)


def tracked_accounts(accounts=None):
    """Accounts of members on the roll whose dues the branch collects (not the home organisation)."""
    accounts = DuesAccount.objects.all() if accounts is None else accounts
    return accounts.filter(on_roll("member__"), collector=DuesCollector.INFLOW)


def arrears_cutoff(today: datetime.date, min_months: int = ARREARS_MONTHS) -> int:
    """The last 党费交至 month of an account ``min_months`` or more behind."""
    return last_due_month(today) - min_months


def in_arrears(accounts, today: datetime.date, min_months: int = ARREARS_MONTHS):
    """The accounts ``min_months`` or more behind, with ``behind`` (months) on each, longest first."""
    cutoff = arrears_cutoff(today, min_months)
    behind = ExpressionWrapper(Value(last_due_month(today)) - F("paid_through"), output_field=IntegerField())
    return accounts.filter(paid_through__lte=cutoff).annotate(behind=behind).order_by("paid_through", "member_id")


def arrears_for(user, today: datetime.date | None = None, min_months: int = ARREARS_MONTHS):
    """The arrears list of what ``user`` may see."""
    today = today or timezone.localdate()
    return in_arrears(tracked_accounts(DuesAccount.objects.visible_to(user)), today, min_months)


def lapsed_members(members=None, today: datetime.date | None = None):
    """Members six months or more behind with no reason recorded: the dues side of the
    自行脱党 warning. ``members`` narrows the answer (a scoped Member queryset); the result is
    a Member queryset the lifecycle's list can combine with its other conditions."""
    today = today or timezone.localdate()
    # The accounts alone (the arrears index), the roll asked of ``members``: joining the
    # members twice cost 0.1 s at 100,000.
    behind = DuesAccount.objects.filter(
        collector=DuesCollector.INFLOW, paid_through__lte=last_due_month(today) - LAPSED_MONTHS, arrears_reason=""
    )
    members = Member.objects.all() if members is None else members
    return members.filter(on_roll(), pk__in=behind.values("member_id"))


def branch_arrears_count(branch, today: datetime.date | None = None, min_months: int = ARREARS_MONTHS) -> int:
    """How many members of ``branch`` are ``min_months`` or more behind (one query), for 待办."""
    today = today or timezone.localdate()
    return in_arrears(tracked_accounts().filter(member__branch=branch), today, min_months).count()


def member_summary(member: Member, today: datetime.date | None = None) -> dict | None:
    """A member's standard, 党费交至 and months behind (one query), for /me/ and 待办; None
    while no base is set."""
    today = today or timezone.localdate()
    account = DuesAccount.objects.filter(member=member).first()
    if account is None:
        return None
    return {
        "standard": account.standard,
        "paid_through": account.paid_through if account.paid_through >= account.first_month else None,
        "paid_through_label": account.paid_through_label,
        "months_behind": months_behind(account.paid_through, today),
        "collector": account.collector,
    }
