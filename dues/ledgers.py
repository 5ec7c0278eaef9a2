"""Ledgers (党费台账): expected, collected, rate and arrears per branch and month, and 上缴.

Expected (应交) is what the members on the roll whose dues the branch collects owe by their
bases, for the months that are due (up to the current one); collected (实交) is what the
branch recorded for those months, whoever has left the roll since. Each figure is one
grouped query over the branches asked for, whatever their number.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from branches.models import DuesCollector
from dues import months
from dues.arrears import arrears_cutoff, tracked_accounts
from dues.models import DuesBase, PaymentMonth, Remittance
from dues.roll import on_roll

ZERO = Decimal("0.00")
FEN = Decimal("0.01")


def rate_of(collected: Decimal, expected: Decimal) -> Decimal | None:
    """收缴率 in per cent, one decimal; None when nothing is expected."""
    if not expected:
        return None
    return (Decimal(100) * collected / expected).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def expected_by_branch_month(branch_ids, first: int, last: int) -> dict:
    """{(branch id, month): expected} for the months ``first`` … ``last`` (one query)."""
    if last < first:
        return {}
    bases = _expected_bases(branch_ids, first, last)
    sums = {
        f"m{month}": Sum(
            "standard", filter=Q(from_month__lte=month) & (Q(to_month__isnull=True) | Q(to_month__gt=month))
        )
        for month in range(first, last + 1)
    }
    found = {}
    for row in bases.order_by().values("member__branch_id").annotate(**sums):
        for month in range(first, last + 1):
            # SQLite sums decimals as floats: back to the fen.
            found[row["member__branch_id"], month] = Decimal(row[f"m{month}"] or 0).quantize(FEN)
    return found


def _expected_bases(branch_ids, first: int, last: int):
    """The bases of the members on the roll whose dues the branches collect, that overlap
    the months ``first`` … ``last``."""
    return DuesBase.objects.filter(
        on_roll("member__"),
        member__branch_id__in=branch_ids,
        member__dues_account__collector=DuesCollector.INFLOW,
        from_month__lte=last,
    ).filter(Q(to_month__isnull=True) | Q(to_month__gt=first))


def expected_by_branch(branch_ids, first: int, last: int) -> dict:
    """{branch id: expected} over the months ``first`` … ``last`` (one query): each base's
    standard times the months of it that fall in the span, one sum per branch — what the
    yearly report and the 收缴率 need, without a sum per month."""
    if last < first:
        return {}
    # The months of a base within [first, last]: from max(from, first) to min(to - 1, last).
    end = Least(Coalesce(F("to_month") - 1, Value(last)), Value(last))
    months_in = Greatest(Value(0), end - Greatest(F("from_month"), Value(first)) + 1)
    rows = (
        _expected_bases(branch_ids, first, last)
        .order_by()
        .values("member__branch_id")
        .annotate(total=Sum(ExpressionWrapper(F("standard") * months_in, output_field=DecimalField())))
    )
    return {row["member__branch_id"]: Decimal(row["total"] or 0).quantize(FEN) for row in rows}


def collected_by_branch_month(branch_ids, first: int, last: int) -> dict:
    """{(branch id, month): (collected, months paid)} (one query)."""
    rows = (
        PaymentMonth.objects.filter(branch_id__in=branch_ids, month__gte=first, month__lte=last)
        .order_by()
        .values("branch_id", "month")
        # Count("month") rather than the pk: the covering index (branch, month) INCLUDE
        # (amount, top_up) answers it alone (dues 0003).
        .annotate(total=Sum("amount"), paid=Count("month", filter=Q(top_up=False)))
    )
    return {(row["branch_id"], row["month"]): (Decimal(row["total"]).quantize(FEN), row["paid"]) for row in rows}


def due_months(year: int, today: datetime.date) -> tuple[int, int]:
    """The months of ``year`` that are due by ``today`` (first > last when none is)."""
    first, last = months.year_bounds(year)
    return first, min(last, months.month_index(today))


@dataclass
class LedgerMonth:
    month: int
    expected: Decimal | None
    collected: Decimal
    paid: int
    remittance: Remittance | None = None

    @property
    def label(self):
        return months.label(self.month)

    @property
    def rate(self):
        return rate_of(self.collected, self.expected) if self.expected is not None else None

    @property
    def arrears(self):
        return max(ZERO, self.expected - self.collected) if self.expected is not None else None


@dataclass
class Ledger:
    branch: object
    year: int
    rows: list = field(default_factory=list)

    def total(self, name):
        return sum((getattr(row, name) or ZERO for row in self.rows), ZERO)

    @property
    def expected(self):
        return self.total("expected")

    @property
    def collected_due(self):
        return sum((row.collected for row in self.rows if row.expected is not None), ZERO)

    @property
    def collected(self):
        return self.total("collected")

    @property
    def rate(self):
        return rate_of(self.collected_due, self.expected)

    @property
    def arrears(self):
        return self.total("arrears")

    @property
    def remitted(self):
        return sum((row.remittance.amount for row in self.rows if row.remittance), ZERO)


def branch_ledger(branch, year: int, today: datetime.date | None = None) -> Ledger:
    """One branch's twelve months of ``year`` (three queries)."""
    today = today or timezone.localdate()
    first, last = months.year_bounds(year)
    _, due_last = due_months(year, today)
    expected = expected_by_branch_month([branch.pk], first, due_last)
    collected = collected_by_branch_month([branch.pk], first, last)
    remitted = {r.month: r for r in Remittance.objects.filter(branch=branch, month__gte=first, month__lte=last)}
    ledger = Ledger(branch=branch, year=year)
    for month in range(first, last + 1):
        total, paid = collected.get((branch.pk, month), (ZERO, 0))
        ledger.rows.append(
            LedgerMonth(
                month=month,
                expected=expected.get((branch.pk, month), ZERO) if month <= due_last else None,
                collected=total,
                paid=paid,
                remittance=remitted.get(month),
            )
        )
    return ledger


@dataclass
class ReportRow:
    branch: object
    members: int = 0
    expected: Decimal = ZERO
    collected: Decimal = ZERO
    collected_due: Decimal = ZERO
    in_arrears: int = 0
    remitted: Decimal = ZERO
    last_remitted_on: datetime.date | None = None
    by_month: dict = field(default_factory=dict)

    @property
    def rate(self):
        return rate_of(self.collected_due, self.expected)

    @property
    def arrears(self):
        return max(ZERO, self.expected - self.collected_due)


def yearly_report(branches, year: int, today: datetime.date | None = None) -> tuple[list, ReportRow]:
    """党费收缴情况表: a row per branch and the total (four queries for any number of branches)."""
    today = today or timezone.localdate()
    branches = list(branches)
    ids = [branch.pk for branch in branches]
    first, last = months.year_bounds(year)
    _, due_last = due_months(year, today)
    expected = expected_by_branch(ids, first, due_last)
    collected = collected_by_branch_month(ids, first, last)
    # The members paying here and those three months and more behind, in one pass.
    behind = Q(paid_through__lte=arrears_cutoff(today))
    counts = {
        row["member__branch_id"]: row
        for row in tracked_accounts()
        .filter(member__branch_id__in=ids)
        .order_by()
        .values("member__branch_id")
        .annotate(count=Count("pk"), behind=Count("pk", filter=behind))
    }
    remitted = {
        row["branch_id"]: row
        for row in Remittance.objects.filter(branch_id__in=ids, month__gte=first, month__lte=last)
        .order_by()
        .values("branch_id")
        .annotate(total=Sum("amount"), last=Max("remitted_on"))
    }
    rows = []
    total = ReportRow(branch=None, by_month=defaultdict(lambda: ZERO))
    for branch in branches:
        found = counts.get(branch.pk, {})
        row = ReportRow(branch=branch, members=found.get("count", 0), in_arrears=found.get("behind", 0))
        row.expected = expected.get(branch.pk, ZERO)
        for month in range(first, last + 1):
            amount = collected.get((branch.pk, month), (ZERO, 0))[0]
            row.by_month[month] = amount
            row.collected += amount
            if month <= due_last:
                row.collected_due += amount
        if branch.pk in remitted:
            row.remitted = Decimal(remitted[branch.pk]["total"]).quantize(FEN)
            row.last_remitted_on = remitted[branch.pk]["last"]
        rows.append(row)
        for name in ("members", "expected", "collected", "collected_due", "in_arrears", "remitted"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for month, amount in row.by_month.items():
            total.by_month[month] += amount
        if row.last_remitted_on and (total.last_remitted_on is None or row.last_remitted_on > total.last_remitted_on):
            total.last_remitted_on = row.last_remitted_on
    return rows, total


def collection_rate(branches, today: datetime.date | None = None) -> dict:
    """This year's 党费收缴率 over ``branches``, January to the current month (two queries)."""
    today = today or timezone.localdate()
    ids = [branch.pk for branch in branches]
    first, last = due_months(today.year, today)
    expected = sum(expected_by_branch(ids, first, last).values(), ZERO)
    collected = (
        PaymentMonth.objects.filter(branch_id__in=ids, month__gte=first, month__lte=last).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    collected = Decimal(collected).quantize(FEN)
    return {"expected": expected, "collected": collected, "rate": rate_of(collected, expected), "year": today.year}
