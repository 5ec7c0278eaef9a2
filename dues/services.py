"""Recording dues: a member's base (党费基数) and payments, with every rule checked first.

Each function checks everything before it writes, writes in one transaction, and
raises DuesError with a Chinese message (through gettext) naming the field and why;
views, the payment sheet import and the demo call the same functions.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import DuesCollector
from dues import months
from dues.models import DuesAccount, DuesBase, Payment, PaymentMonth
from dues.roll import is_on_roll
from dues.standard import AMOUNT_KINDS, INCOME_KINDS, PayerKind, monthly_standard
from members.models import Category, Member

# 预交: how many months beyond the current one a member may pay at once.
MAX_PREPAID_MONTHS = 12
# An amount over this many times the standard is probably a typing slip: it needs a
# confirmation and a note.
FAR_FACTOR = 10


class DuesError(Exception):
    """A rule refused the change; ``field`` names the form field it is about (or None)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def admitted_month(member: Member) -> int:
    """预备党员 pay from the month the branch admitted them (支部大会通过之日)."""
    return months.month_index(member.joined_party_on)


def default_collector(member: Member) -> str:
    """Direct members pay their branch; a mobile member whoever the committee's setting says."""
    if member.category == Category.DIRECT:
        return DuesCollector.INFLOW
    return member.branch.committee.dues_collector


def check_base(kind, income, amount, reason) -> Decimal:
    """The standard of a base, or DuesError saying which field is wrong."""
    if kind in INCOME_KINDS and income is None:
        raise DuesError(_("Enter the monthly income after tax (or the pension)."), "income")
    if income is not None and income < 0:
        raise DuesError(_("The income cannot be negative."), "income")
    if kind in AMOUNT_KINDS and amount is None:
        raise DuesError(_("Enter the monthly amount."), "amount")
    if kind == PayerKind.FARMER and not Decimal("0.2") <= amount <= Decimal(1):
        raise DuesError(_("A farmer member pays 0.2 to 1 yuan a month."), "amount")
    if kind == PayerKind.SET_AMOUNT:
        if amount <= 0:
            raise DuesError(_("The set amount must be above zero."), "amount")
        if not reason.strip():
            raise DuesError(_("Say why the branch set this amount (the branch's decision)."), "reason")
    return monthly_standard(kind, income if kind in INCOME_KINDS else None, amount if kind in AMOUNT_KINDS else None)


def set_base(
    member: Member,
    *,
    kind: str,
    from_month: int,
    income: Decimal | None = None,
    amount: Decimal | None = None,
    reason: str = "",
    collector: str | None = None,
    user=None,
    today: datetime.date | None = None,
) -> DuesBase:
    """核定党费基数 from a month on: the first one opens the member's dues account.

    The base is set each January and whenever the income changes (第十条: from the month
    the new income is paid); earlier bases stay as they were, each with its months.
    """
    today = today or timezone.localdate()
    if not is_on_roll(member):
        raise DuesError(_("%(member)s is not on the roll: no dues base is set.") % {"member": member.name})
    standard = check_base(kind, income, amount, reason)
    if from_month < admitted_month(member):
        raise DuesError(
            _("Dues are owed from the month the member was admitted (%(month)s), not before.")
            % {"month": months.label(admitted_month(member))},
            "from_month",
        )
    if from_month > months.month_index(today):
        raise DuesError(_("A base starts this month or earlier."), "from_month")
    with transaction.atomic():
        account = DuesAccount.objects.select_for_update().filter(member=member).first()
        current = DuesBase.objects.filter(member=member, to_month__isnull=True).first()
        if current is not None and from_month < current.from_month:
            raise DuesError(
                _("The base in force starts in %(month)s: a new base starts then or after it.")
                % {"month": months.label(current.from_month)},
                "from_month",
            )
        if current is not None and from_month == current.from_month:
            # 更正: the base in force was wrong from its first month (the income was higher or
            # lower than declared); corrected in place, its history keeps what it said.
            return _correct_base(account, current, kind, income, amount, reason, standard, collector, user)
        if current is not None:
            current.to_month = from_month
            current._history_user = user
            current.save(update_fields=["to_month"])
        base = DuesBase(
            member=member,
            from_month=from_month,
            kind=kind,
            income=income if kind in INCOME_KINDS else None,
            amount=amount if kind in AMOUNT_KINDS else None,
            reason=reason,
            standard=standard,
            recorded_by=user,
        )
        base._history_user = user
        base.save()
        if account is None:
            account = DuesAccount(
                member=member,
                first_month=from_month,
                paid_through=from_month - 1,
                collector=collector or default_collector(member),
                standard=standard,
            )
        else:
            account.standard = standard
            if collector:
                account.collector = collector
        account._history_user = user
        account.save()
    return base


def _correct_base(account, base, kind, income, amount, reason, standard, collector, user) -> DuesBase:
    base.kind = kind
    base.income = income if kind in INCOME_KINDS else None
    base.amount = amount if kind in AMOUNT_KINDS else None
    base.reason = reason
    base.standard = standard
    base.recorded_by = user
    base._history_user = user
    base._change_reason = str(_("Base corrected"))
    base.save()
    account.standard = standard
    if collector:
        account.collector = collector
    account._history_user = user
    account.save()
    return base


def standards_by_month(member: Member, first: int, last: int) -> dict[int, Decimal]:
    """The standard of each month from ``first`` to ``last`` by the member's bases (one query);
    months after the base in force take its standard."""
    bases = list(DuesBase.objects.filter(member=member).order_by("from_month").values_list("from_month", "standard"))
    found = {}
    for month in range(first, last + 1):
        standard = None
        for from_month, base_standard in bases:
            if from_month <= month:
                standard = base_standard
        if standard is None and bases:
            standard = bases[0][1]
        found[month] = standard or Decimal(0)
    return found


def check_payable(member: Member, account: DuesAccount | None) -> None:
    """Dues are taken here from this member at all: on the roll, a base set, collected here."""
    if not is_on_roll(member):
        raise DuesError(_("%(member)s is not on the roll: no dues are taken.") % {"member": member.name})
    if account is None:
        raise DuesError(_("Set the member's dues base first."))
    if account.collector == DuesCollector.HOME:
        raise DuesError(
            _("%(member)s pays dues to the home organisation that holds the relation.") % {"member": member.name}
        )


@dataclass
class PaymentCheck:
    first_month: int
    last_month: int
    expected: Decimal
    shares: dict


def check_payment(
    member: Member, account: DuesAccount | None, *, first_month: int, month_count: int, amount, confirm_far, note, today
) -> PaymentCheck:
    """Every rule a payment must pass, before anything is written."""
    check_payable(member, account)
    if month_count < 1:
        raise DuesError(_("A payment covers at least one month."), "month_count")
    if amount is None or amount < 0:
        raise DuesError(_("The amount cannot be negative."), "amount")
    next_month = account.paid_through + 1
    last_month = first_month + month_count - 1
    if first_month <= account.paid_through:
        raise DuesError(
            _("%(month)s is already paid (paid up to %(paid)s).")
            % {"month": months.label(first_month), "paid": account.paid_through_label},
            "first_month",
        )
    if first_month > next_month:
        raise DuesError(
            _("Months are paid in order: %(month)s is unpaid and comes first.") % {"month": months.label(next_month)},
            "first_month",
        )
    current = months.month_index(today)
    if last_month > current + MAX_PREPAID_MONTHS:
        raise DuesError(
            _("Dues are prepaid at most %(limit)s months ahead (up to %(month)s).")
            % {"limit": MAX_PREPAID_MONTHS, "month": months.label(current + MAX_PREPAID_MONTHS)},
            "month_count",
        )
    shares = standards_by_month(member, first_month, last_month)
    expected = sum(shares.values(), Decimal(0))
    if amount < expected:
        raise DuesError(
            _("%(amount)s yuan is less than the %(expected)s yuan due for %(months)s.")
            % {"amount": amount, "expected": expected, "months": months.span_label(first_month, last_month)},
            "amount",
        )
    if expected and amount > expected * FAR_FACTOR and not (confirm_far and note.strip()):
        raise DuesError(
            _(
                "%(amount)s yuan is more than ten times the %(expected)s yuan due: tick the confirmation and "
                "say why in the note (自愿多交 is welcome)."
            )
            % {"amount": amount, "expected": expected},
            "amount",
        )
    # The months take their standard; what is paid beyond it (自愿多交) goes with the last.
    shares[last_month] += amount - expected
    return PaymentCheck(first_month, last_month, expected, shares)


def record_payment(
    member: Member,
    *,
    month_count: int,
    amount: Decimal,
    paid_on: datetime.date,
    way: str,
    collected_by: str,
    first_month: int | None = None,
    note: str = "",
    confirm_far: bool = False,
    user=None,
    today: datetime.date | None = None,
) -> Payment:
    """交纳党费 for ``month_count`` months from ``first_month`` (the first unpaid by default)."""
    today = today or timezone.localdate()
    if paid_on > today:
        raise DuesError(_("The payment date cannot be in the future."), "paid_on")
    with transaction.atomic():
        account = DuesAccount.objects.select_for_update().filter(member=member).first()
        if first_month is None and account is not None:
            first_month = account.paid_through + 1
        checked = check_payment(
            member,
            account,
            first_month=first_month or 0,
            month_count=month_count,
            amount=amount,
            confirm_far=confirm_far,
            note=note,
            today=today,
        )
        payment = Payment(
            member=member,
            branch_id=member.branch_id,
            first_month=checked.first_month,
            last_month=checked.last_month,
            amount=amount,
            paid_on=paid_on,
            way=way,
            collected_by=collected_by,
            note=note,
            recorded_by=user,
        )
        payment._history_user = user
        payment.save()
        try:
            with transaction.atomic():
                PaymentMonth.objects.bulk_create(
                    PaymentMonth(payment=payment, member=member, branch_id=member.branch_id, month=month, amount=share)
                    for month, share in checked.shares.items()
                )
        except IntegrityError as error:
            raise DuesError(_("One of these months was paid meanwhile: reload the page.")) from error
        claimed = DuesAccount.objects.filter(member=member, paid_through=account.paid_through).update(
            paid_through=checked.last_month
        )
        if not claimed:
            raise DuesError(_("One of these months was paid meanwhile: reload the page."))
        account.paid_through = checked.last_month
        account._history_user = user
        account._change_reason = str(_("Dues paid"))
        account.save(update_fields=["paid_through"])
    return payment


def update_account(account: DuesAccount, *, collector: str, arrears_reason: str, user=None) -> DuesAccount:
    account.collector = collector
    account.arrears_reason = arrears_reason.strip()
    account._history_user = user
    account.save(update_fields=["collector", "arrears_reason"])
    return account
