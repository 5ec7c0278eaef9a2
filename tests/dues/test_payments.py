"""Recording payments by the rules, with a fixed clock: nothing is written when one fails."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from dues.models import DuesAccount, DuesBase, Payment, PaymentMonth
from dues.months import month_index
from dues.services import DuesError, record_payment, set_base
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_2026 = datetime.date(2026, 3, 20)


def pay(member, count, amount, *, first=None, today=MARCH_2026, **kwargs):
    return record_payment(
        member,
        first_month=first,
        month_count=count,
        amount=D(amount),
        paid_on=today,
        way="wechat",
        collected_by="周书记",
        today=today,
        **kwargs,
    )


def written():
    return (
        Payment.objects.count(),
        PaymentMonth.objects.count(),
        list(DuesAccount.objects.values_list("paid_through")),
    )


def test_the_first_base_opens_the_account_from_its_month_and_nothing_is_paid_yet(based):
    alice = based()
    account = alice.dues_account
    assert account.first_month == month_index(2026, 1)
    assert account.paid_through == month_index(2025, 12)
    assert account.standard == D("40.00")
    assert str(account.paid_through_label) == "尚未交纳"


def test_a_three_month_payment_moves_paid_up_to_and_splits_by_the_standard(based):
    alice = based()
    payment = pay(alice, 3, "120")
    alice.dues_account.refresh_from_db()
    assert alice.dues_account.paid_through == month_index(2026, 3)
    assert alice.dues_account.paid_through_label == "2026年3月"
    assert list(payment.covered.order_by("month").values_list("month", "amount")) == [
        (month_index(2026, 1), D("40.00")),
        (month_index(2026, 2), D("40.00")),
        (month_index(2026, 3), D("40.00")),
    ]
    assert payment.months_label == "2026年1月—2026年3月"
    assert payment.receipt_number.startswith("DF2026-")


def test_more_than_the_standard_is_welcome_and_goes_with_the_last_month(based):
    alice = based()
    payment = pay(alice, 2, "100")  # 自愿多交 (第十一条)
    assert list(payment.covered.order_by("month").values_list("amount", flat=True)) == [D("40.00"), D("60.00")]


@pytest.mark.parametrize(
    ("count", "amount", "first", "field", "message"),
    [
        (1, "-1", None, "amount", "不能为负"),
        (2, "79.99", None, "amount", "少于"),
        (1, "400.01", None, "amount", "十倍"),  # over 10 × 40 yuan without a confirmation
        (1, "40", month_index(2026, 2), "first_month", "先交"),  # February before January
        (0, "0", None, "month_count", "至少"),
    ],
)
def test_bad_payments_say_why_in_chinese_and_write_nothing(based, count, amount, first, field, message):
    alice = based()
    before = written()
    with pytest.raises(DuesError) as refused:
        pay(alice, count, amount, first=first)
    assert refused.value.field == field
    assert message in str(refused.value.message)
    assert written() == before


def test_a_month_already_paid_is_refused(based):
    alice = based()
    pay(alice, 2, "80")
    before = written()
    with pytest.raises(DuesError) as refused:
        pay(alice, 1, "40", first=month_index(2026, 2))
    assert "2026年2月已交" in str(refused.value.message)
    assert written() == before


def test_over_ten_times_the_standard_passes_with_a_confirmation_and_a_note(based):
    alice = based()
    with pytest.raises(DuesError):
        pay(alice, 1, "1000", confirm_far=True)  # no note
    payment = pay(alice, 1, "1000", confirm_far=True, note="七一自愿多交")
    assert payment.amount == D("1000")


def test_prepaying_across_the_year_end_up_to_twelve_months_ahead(based):
    """On 2026-12-15, paid up to November: December 2026 and twelve months of 2027 may be paid
    at once (the last is December 2027, twelve months ahead), one more month may not."""
    alice = based()
    december = datetime.date(2026, 12, 15)
    pay(alice, 11, "440", today=december)
    before = written()
    with pytest.raises(DuesError) as refused:
        pay(alice, 14, "560", today=december)
    assert "12" in str(refused.value.message) and "2027年12月" in str(refused.value.message)
    assert written() == before
    payment = pay(alice, 13, "520", today=december)
    assert payment.months_label == "2026年12月—2027年12月"
    alice.dues_account.refresh_from_db()
    assert alice.dues_account.paid_through == month_index(2027, 12)
    assert payment.covered.filter(month__gte=month_index(2027, 1)).count() == 12


def test_a_new_base_from_january_changes_the_standard_of_the_months_from_then(based):
    alice = based()
    december = datetime.date(2026, 12, 15)
    pay(alice, 11, "440", today=december)
    january = datetime.date(2027, 1, 8)
    set_base(alice, kind="in_work", income=D("6000"), from_month=month_index(2027, 1), today=january)
    assert list(DuesBase.objects.filter(member=alice).order_by("from_month").values_list("to_month", "standard")) == [
        (month_index(2027, 1), D("40.00")),
        (None, D("90.00")),
    ]
    with pytest.raises(DuesError):
        pay(alice, 2, "129.99", today=january)  # December at 40 and January at 90 make 130
    payment = pay(alice, 2, "130", today=january)
    assert list(payment.covered.order_by("month").values_list("amount", flat=True)) == [D("40.00"), D("90.00")]


def test_a_member_not_on_the_roll_pays_nothing(based):
    alice = based()
    alice.status = "returned"
    alice.save()
    with pytest.raises(DuesError) as refused:
        pay(alice, 1, "40")
    assert "不在册" in str(refused.value.message)
    assert Payment.objects.count() == 0


def test_a_member_whose_home_organisation_collects_is_refused_here(based):
    alice = based()
    DuesAccount.objects.filter(member=alice).update(collector="home")
    with pytest.raises(DuesError) as refused:
        pay(alice, 1, "40")
    assert "流出地" in str(refused.value.message)


@time_machine.travel("2027-03-20 10:00 +0800", tick=False)
def test_a_probationary_member_owes_dues_from_the_month_admitted(branch1, committee):
    """预备党员 pay from the month the branch meeting admitted them: admitted on 2027-03-10,
    a base from February is refused, one from March opens the account in March."""
    probationary = MemberFactory(branch=branch1, joined_party_on=datetime.date(2027, 3, 10), full_member_on=None)
    with pytest.raises(DuesError) as refused:
        set_base(probationary, kind="student", from_month=month_index(2027, 2))
    assert "2027年3月" in str(refused.value.message)
    assert not DuesBase.objects.exists()
    set_base(probationary, kind="student", from_month=month_index(2027, 3))
    assert probationary.dues_account.first_month == month_index(2027, 3)
    assert probationary.dues_account.standard == D("0.20")


def test_a_set_amount_needs_the_branch_reason(based, alice):
    with pytest.raises(DuesError) as refused:
        set_base(alice, kind="set_amount", amount=D(5), from_month=month_index(2026, 1), today=MARCH_2026)
    assert refused.value.field == "reason"
    set_base(
        alice,
        kind="set_amount",
        amount=D(5),
        reason="支部研究：患病减交",
        from_month=month_index(2026, 1),
        today=MARCH_2026,
    )
    assert alice.dues_account.standard == D("5.00")
