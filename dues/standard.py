"""The monthly dues standard: the one function that turns a payer kind and a base into yuan.

中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》(2008), docs/dues.md:
第一条 the base is the regular monthly income after tax; 第二条 the in-work tiers, each
upper bound included (3000元以下(含3000元) 0.5%, to 5000元(含) 1%, to 10000元(含) 1.5%,
above 2%); retired members pay 0.5% of a pension up to 5000元 (included) and 1% above;
第六条 farmers pay 0.2–1 元 a month, students, the unemployed and those on relief or
subsistence 0.2 元. The branch may decide an amount of its own (少交或免交, with a reason).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
FLAT_MINIMUM = Decimal("0.20")
FARMER_MAXIMUM = Decimal("1.00")

# (upper bound included, rate): 第二条 for those in work; the retirees' two tiers.
IN_WORK_TIERS = [
    (Decimal(3000), Decimal("0.005")),
    (Decimal(5000), Decimal("0.01")),
    (Decimal(10000), Decimal("0.015")),
]
IN_WORK_TOP = Decimal("0.02")
RETIRED_TIERS = [(Decimal(5000), Decimal("0.005"))]
RETIRED_TOP = Decimal("0.01")


class PayerKind(models.TextChoices):
    IN_WORK = "in_work", _("In work (monthly income after tax)")
    RETIRED = "retired", _("Retired (pension)")
    FARMER = "farmer", _("Farmer (0.2–1 yuan)")
    STUDENT = "student", _("Student (0.2 yuan)")
    UNEMPLOYED = "unemployed", _("Unemployed (0.2 yuan)")
    SUBSISTENCE = "subsistence", _("On relief or subsistence allowance (0.2 yuan)")
    SET_AMOUNT = "set_amount", _("Amount set by the branch")


# The kinds whose standard is a share of a declared income.
INCOME_KINDS = {PayerKind.IN_WORK, PayerKind.RETIRED}
# The kinds that pay a set amount: the farmer's chosen 0.2–1 元, the branch's own amount.
AMOUNT_KINDS = {PayerKind.FARMER, PayerKind.SET_AMOUNT}
FLAT_KINDS = {PayerKind.STUDENT, PayerKind.UNEMPLOYED, PayerKind.SUBSISTENCE}


def rate_for(kind: str, income: Decimal) -> Decimal:
    """The share of ``income`` due each month: the first tier whose upper bound (included) holds it."""
    tiers, top = (IN_WORK_TIERS, IN_WORK_TOP) if kind == PayerKind.IN_WORK else (RETIRED_TIERS, RETIRED_TOP)
    for bound, rate in tiers:
        if income <= bound:
            return rate
    return top


def monthly_standard(kind: str, income: Decimal | None = None, amount: Decimal | None = None) -> Decimal:
    """The dues a member owes each month, in yuan rounded half up to the fen.

    ``income`` is the declared monthly income after tax (in work) or the pension (retired);
    ``amount`` the farmer's chosen amount (0.2–1 元) or the amount the branch set. Raises
    ValueError for a combination the rules do not allow (the forms say why in Chinese first).
    """
    if kind in INCOME_KINDS:
        if income is None or income < 0:
            raise ValueError("an income of zero or more is needed")
        return (Decimal(income) * rate_for(kind, Decimal(income))).quantize(FEN, rounding=ROUND_HALF_UP)
    if kind in FLAT_KINDS:
        return FLAT_MINIMUM
    if kind == PayerKind.FARMER:
        if amount is None or not FLAT_MINIMUM <= amount <= FARMER_MAXIMUM:
            raise ValueError("a farmer pays 0.2 to 1 yuan")
        return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)
    if kind == PayerKind.SET_AMOUNT:
        if amount is None or amount <= 0:
            raise ValueError("a set amount above zero is needed")
        return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown payer kind {kind!r}")
