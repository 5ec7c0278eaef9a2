"""补交差额: months already paid whose base was corrected upwards afterwards.

When a member's income turns out higher than declared (第十条: the base follows the
income), the branch corrects the base from the month the income was paid (``set_base``
with that month: a new base from a past month, or the base in force corrected in place).
The months from then on that were already paid at the old standard owe the difference;
the member page shows it month by month and the branch records its payment, a
``Payment`` of kind 补交差额 whose ``PaymentMonth`` rows (``top_up``) add to those months,
so the ledger's collected figure for each month meets its (corrected) expected figure.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dues import months
from dues.models import DuesAccount, Payment, PaymentKind, PaymentMonth
from dues.services import DuesError, check_payable, standards_by_month
from members.models import Member

ZERO = Decimal("0.00")


@dataclass
class MonthOwed:
    month: int
    standard: Decimal
    paid: Decimal

    @property
    def label(self):
        return months.label(self.month)

    @property
    def difference(self) -> Decimal:
        return self.standard - self.paid


def differences_owed(member: Member, account: DuesAccount | None = None) -> list[MonthOwed]:
    """The months paid for less than their standard, oldest first (two queries)."""
    account = account or DuesAccount.objects.filter(member=member).first()
    if account is None or account.paid_through < account.first_month:
        return []
    paid = dict(
        PaymentMonth.objects.filter(member=member, month__lte=account.paid_through)
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )
    standards = standards_by_month(member, account.first_month, account.paid_through)
    owed = []
    for month, standard in standards.items():
        total = Decimal(paid.get(month) or 0).quantize(Decimal("0.01"))
        if month in paid and total < standard:
            owed.append(MonthOwed(month=month, standard=standard, paid=total))
    return owed


def total_owed(owed) -> Decimal:
    return sum((row.difference for row in owed), ZERO)


def record_difference(
    member: Member,
    *,
    amount: Decimal,
    paid_on: datetime.date,
    way: str,
    collected_by: str,
    note: str = "",
    user=None,
    today: datetime.date | None = None,
) -> Payment:
    """补交差额: the difference of every month paid below its corrected standard, at once.

    The amount is the whole difference (what is paid beyond it, 自愿多交, goes with the
    last month, as for monthly dues); less than it is refused: nothing is written."""
    today = today or timezone.localdate()
    if paid_on > today:
        raise DuesError(_("The payment date cannot be in the future."), "paid_on")
    with transaction.atomic():
        account = DuesAccount.objects.select_for_update().filter(member=member).first()
        check_payable(member, account)
        owed = differences_owed(member, account)
        if not owed:
            raise DuesError(
                _("%(member)s owes no difference: every month paid meets its base.") % {"member": member.name}
            )
        due = total_owed(owed)
        if amount is None or amount < 0:
            raise DuesError(_("The amount cannot be negative."), "amount")
        if amount < due:
            raise DuesError(
                _("%(amount)s yuan is less than the %(due)s yuan difference owed for %(months)s.")
                % {"amount": amount, "due": due, "months": months.span_label(owed[0].month, owed[-1].month)},
                "amount",
            )
        payment = Payment(
            member=member,
            branch_id=member.branch_id,
            first_month=owed[0].month,
            last_month=owed[-1].month,
            amount=amount,
            paid_on=paid_on,
            way=way,
            kind=PaymentKind.DIFFERENCE,
            collected_by=collected_by,
            note=note,
            recorded_by=user,
        )
        payment._history_user = user
        payment.save()
        shares = {row.month: row.difference for row in owed}
        shares[owed[-1].month] += amount - due
        PaymentMonth.objects.bulk_create(
            PaymentMonth(
                payment=payment, member=member, branch_id=member.branch_id, month=month, amount=share, top_up=True
            )
            for month, share in shares.items()
        )
    return payment
