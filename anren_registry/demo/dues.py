"""党费 demo data: every member on the roll has a base by the 2008 tiers from January of last
year (or the month admitted), a new base this January, and payments to a realistic point:
most are paid up, some a month or two behind, some three to five, a few six and more
(some of them with a recorded reason), a few prepaid to the year's end. Branches hand up
each month's dues the month after.

Rows are written with the scaled demo's BulkWriter (COPY on PostgreSQL) for the article's
588 members and for ``--members 100000`` alike; its own random stream, so the other areas'
figures do not move.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from branches.models import Committee, DuesCollector
from dues.models import DuesAccount, DuesBase, Payment, PaymentMonth, Remittance
from dues.months import first_day, month_index
from dues.standard import PayerKind, monthly_standard
from members.models import Category, MemberStatus

WAYS = (["cash", "wechat", "alipay", "bank"], [30, 45, 15, 10])
# Declared monthly income after tax (yuan) by occupation: (low, high).
INCOMES = {
    "business_owner": (8000, 30000),
    "manager": (6000, 15000),
    "professional": (5000, 12000),
    "worker": (2800, 7500),
    "self_employed": (3000, 10000),
}
REASONS = ["患病住院，支部已走访慰问", "在外地工地务工，已委托家属补交", "正在查找联系，已函告流出地党组织"]
SET_REASON = "支部委员会研究：家庭困难，经上级党委批准少交"


def _base(rng, member, today):
    """(kind, income, amount, reason) of a member's first base."""
    age = today.year - member["birth_date"].year
    if age >= 62:
        return PayerKind.RETIRED, Decimal(rng.randrange(25, 66) * 100), None, ""
    if rng.random() < 0.01:
        return PayerKind.SET_AMOUNT, None, Decimal("1.00"), SET_REASON
    bounds = INCOMES.get(member.get("occupation") or "")
    if bounds is None:
        if age < 25:
            return PayerKind.STUDENT, None, None, ""
        kind = rng.choices([PayerKind.FARMER, PayerKind.UNEMPLOYED, PayerKind.SUBSISTENCE], weights=[6, 3, 1])[0]
        return kind, None, (Decimal(rng.choice(["0.50", "1.00"])) if kind == PayerKind.FARMER else None), ""
    # Some declare the round tier bounds themselves (3,000, 5,000, 10,000).
    if rng.random() < 0.05:
        return PayerKind.IN_WORK, Decimal(rng.choice([3000, 5000, 10000])), None, ""
    return PayerKind.IN_WORK, Decimal(rng.randrange(bounds[0] // 100, bounds[1] // 100 + 1) * 100), None, ""


def _target(rng, first: int, current: int) -> tuple[int, str]:
    """The month a member has paid up to today, and the reason recorded if far behind."""
    roll = rng.random()
    if roll < 0.70:
        return current - rng.choice([0, 1]), ""
    if roll < 0.82:
        return current - rng.choice([2, 3]), ""  # one or two months late
    if roll < 0.90:
        return current - rng.randrange(4, 7), ""  # three to five months late
    if roll < 0.96:
        late = rng.randrange(7, 16)  # six months and more
        return current - late, rng.choice(REASONS) if rng.random() < 0.4 else ""
    return month_index(first_day(current).year, 12), ""  # prepaid to December


def rows_for(members, today, rng, collector_of):
    """(accounts, bases, payments, months paid) as rows for the BulkWriter; payments carry
    ``id`` only once the writer allocates it, so months paid name their payment by position."""
    current = month_index(today)
    start = month_index(today.year - 1, 1)
    january = month_index(today.year, 1)
    accounts, bases, payments, paid_months = [], [], [], []
    for member in members:
        if member.get("status", MemberStatus.ACTIVE) != MemberStatus.ACTIVE:
            continue
        first = max(start, month_index(member["joined_party_on"]))
        kind, income, amount, reason = _base(rng, member, today)
        standard = monthly_standard(kind, income, amount)
        standards = {}
        if first < january and income is not None:
            # The January review: incomes moved by up to a tenth.
            raised = (income * Decimal(rng.randrange(100, 111)) / 100).quantize(Decimal(100))
            new_standard = monthly_standard(kind, raised)
            bases.append(_base_row(member, first, january, kind, income, amount, reason, standard))
            bases.append(_base_row(member, january, None, kind, raised, amount, reason, new_standard))
            standards = {month: standard if month < january else new_standard for month in range(first, current + 13)}
            standard = new_standard
        else:
            bases.append(_base_row(member, first, None, kind, income, amount, reason, standard))
            standards = dict.fromkeys(range(first, current + 13), standard)
        collector = collector_of(member)
        paid_through, arrears_reason = _target(rng, first, current)
        paid_through = max(first - 1, paid_through)
        if collector == DuesCollector.HOME:
            paid_through, arrears_reason = first - 1, ""
        accounts.append(
            {
                "member_id": member["id"],
                "collector": collector,
                "first_month": first,
                "paid_through": paid_through,
                "standard": standard,
                "arrears_reason": arrears_reason,
            }
        )
        month = first
        while month <= paid_through:
            size = min(rng.choices([1, 3, 6, 12], weights=[40, 40, 12, 8])[0], paid_through - month + 1)
            last = month + size - 1
            shares = [standards[m] for m in range(month, last + 1)]
            paid_on = min(today, first_day(min(last, current)) + datetime.timedelta(days=rng.randrange(0, 25)))
            way = rng.choices(*WAYS)[0]
            payments.append(
                {
                    "member_id": member["id"],
                    "branch_id": member["branch_id"],
                    "first_month": month,
                    "last_month": last,
                    "amount": sum(shares, Decimal(0)),
                    "paid_on": paid_on,
                    "way": way,
                    "collected_by": "支部组织委员",
                    "note": "",
                }
            )
            position = len(payments) - 1
            for offset, share in enumerate(shares):
                paid_months.append(
                    {
                        "payment": position,
                        "member_id": member["id"],
                        "branch_id": member["branch_id"],
                        "month": month + offset,
                        "amount": share,
                    }
                )
            month = last + 1
    return accounts, bases, payments, paid_months


def _base_row(member, from_month, to_month, kind, income, amount, reason, standard):
    return {
        "member_id": member["id"],
        "from_month": from_month,
        "to_month": to_month,
        "kind": kind,
        "income": income,
        "amount": amount,
        "reason": reason,
        "standard": standard,
    }


def remittance_rows(paid_months, today, rng):
    """Each branch hands up each month's dues in the month after (last month's not yet, for some)."""
    current = month_index(today)
    by_branch_month = defaultdict(Decimal)
    for row in paid_months:
        if row["month"] < current:
            by_branch_month[row["branch_id"], row["month"]] += row["amount"]
    rows = []
    for (branch_id, month), amount in sorted(by_branch_month.items()):
        if month == current - 1 and rng.random() < 0.5:
            continue
        handed = first_day(month + 1) + datetime.timedelta(days=rng.randrange(4, 15))
        rows.append(
            {"branch_id": branch_id, "month": month, "amount": amount, "remitted_on": min(handed, today), "note": ""}
        )
    return rows


def build(context, writer, members, *, history):
    """Write the dues of ``members`` (dicts with id, branch_id, joined_party_on, birth_date,
    occupation, category and status); ``history`` writes a history row per record too."""
    rng = random.Random(f"dues-{context.member_count}")
    today = context.today
    # The committees in Guangdong collect their mobile members' dues where they work; one in
    # ten mobile members keeps paying at home.
    Committee.objects.update(dues_collector=DuesCollector.INFLOW)

    def collector_of(member):
        if member["category"] == Category.MOBILE and rng.random() < 0.1:
            return DuesCollector.HOME
        return DuesCollector.INFLOW

    accounts, bases, payments, paid_months = rows_for(members, today, rng, collector_of)
    writer.insert(DuesBase, bases, history=history)
    writer._write(DuesAccount, accounts)
    if history:
        writer._write(
            DuesAccount.history.model,
            (
                row | {"history_date": writer.now, "history_type": "+", "history_change_reason": writer.change_reason}
                for row in accounts
            ),
            skip_auto=True,
        )
    writer.insert(Payment, payments, history=history)
    for row in paid_months:
        row["payment_id"] = payments[row.pop("payment")]["id"]
    writer.insert(PaymentMonth, paid_months)
    writer.insert(Remittance, remittance_rows(paid_months, today, rng), history=history)
    writer.finish([DuesBase, Payment, PaymentMonth, Remittance])
    context.figures.update(dues_accounts=len(accounts), dues_payments=len(payments), dues_months=len(paid_months))
