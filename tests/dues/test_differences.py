"""补交差额: a base corrected upwards after months were paid; the months paid owe the difference."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dues.differences import differences_owed, record_difference
from dues.ledgers import branch_ledger
from dues.models import DuesBase, Payment, PaymentMonth
from dues.months import month_index
from dues.services import DuesError, record_payment, set_base

pytestmark = pytest.mark.django_db
D = Decimal
MAY_2026 = datetime.date(2026, 5, 20)


def pay_three_months(member):
    """January to March at 40 yuan (4,000 yuan declared)."""
    return record_payment(
        member, month_count=3, amount=D(120), paid_on=MAY_2026, way="cash", collected_by="周书记", today=MAY_2026
    )


def difference(member, amount, today=MAY_2026):
    return record_difference(member, amount=D(amount), paid_on=today, way="wechat", collected_by="周书记", today=today)


def test_a_new_base_from_a_past_month_owes_the_difference_of_the_months_paid(based):
    alice = based()
    pay_three_months(alice)
    # The income was 6,000 from February (1.5 %: 90 yuan), not 4,000: February and March owe 50 each.
    set_base(alice, kind="in_work", income=D(6000), from_month=month_index(2026, 2), today=MAY_2026)
    owed = differences_owed(alice)
    assert [(row.label, row.standard, row.paid, row.difference) for row in owed] == [
        ("2026年2月", D("90.00"), D("40.00"), D("50.00")),
        ("2026年3月", D("90.00"), D("40.00"), D("50.00")),
    ]
    payment = difference(alice, "100")
    assert payment.kind == "difference" and payment.months_label == "2026年2月—2026年3月"
    assert differences_owed(alice) == []
    # 党费交至 does not move: the difference is for months already paid.
    alice.dues_account.refresh_from_db()
    assert alice.dues_account.paid_through == month_index(2026, 3)
    # The ledger's February: 90 expected, 40 + 50 collected, one member-month paid.
    february = branch_ledger(alice.branch, 2026, MAY_2026).rows[1]
    assert (february.expected, february.collected, february.paid) == (D("90.00"), D("90.00"), 1)


def test_correcting_the_base_in_force_from_its_own_month(based):
    alice = based()
    pay_three_months(alice)
    # The January base itself was wrong: 5,000 (1 %: 50 yuan), corrected in place.
    set_base(alice, kind="in_work", income=D(5000), from_month=month_index(2026, 1), today=MAY_2026)
    base = DuesBase.objects.get(member=alice)
    assert (base.income, base.standard) == (D("5000.00"), D("50.00"))
    assert base.history.count() == 2  # what it said before stays in its history
    assert [row.difference for row in differences_owed(alice)] == [D("10.00")] * 3
    alice.dues_account.refresh_from_db()
    assert alice.dues_account.standard == D("50.00")


def test_less_than_the_difference_or_none_owed_is_refused_and_nothing_written(based):
    alice = based()
    pay_three_months(alice)
    with pytest.raises(DuesError, match="无需补交差额"):
        difference(alice, "10")
    set_base(alice, kind="in_work", income=D(6000), from_month=month_index(2026, 2), today=MAY_2026)
    with pytest.raises(DuesError, match=r"少于2026年2月—2026年3月应补交的差额100\.00元"):
        difference(alice, "60")
    assert Payment.objects.filter(kind="difference").count() == 0
    assert PaymentMonth.objects.filter(top_up=True).count() == 0


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_the_member_page_shows_the_difference_and_the_form_records_it(based, client_for, secretary1):
    alice = based()
    pay_three_months(alice)
    set_base(alice, kind="in_work", income=D(6000), from_month=month_index(2026, 2), today=MAY_2026)
    client = client_for(secretary1)
    page = client.get(reverse("dues:member", args=[alice.pk])).content.decode()
    assert "应补交差额：100.00元" in page and 'id="difference-button"' in page
    url = reverse("dues:difference_create", args=[alice.pk])
    data = {"amount": "60", "paid_on": "2026-05-20", "way": "wechat", "collected_by": "周书记", "note": ""}
    assert "应补交的差额100.00元" in client.post(url, data).content.decode()
    assert client.post(url, data | {"amount": "100"}).status_code == 302
    page = client.get(reverse("dues:member", args=[alice.pk])).content.decode()
    assert 'id="difference-owed"' not in page and "补交差额" in page
    receipt = client.get(reverse("dues:receipt", args=[Payment.objects.get(kind="difference").pk])).content.decode()
    assert "补交差额" in receipt and "100.00" in receipt
