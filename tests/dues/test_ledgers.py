"""Ledgers with a fixed clock: expected by the bases in force, collected by the months paid."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from dues.ledgers import branch_ledger, collection_rate, yearly_report
from dues.models import Remittance
from dues.months import month_index
from dues.services import record_payment, set_base
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = Decimal


def pay(member, count, amount, today):
    return record_payment(
        member, month_count=count, amount=D(amount), paid_on=today, way="cash", collected_by="周书记", today=today
    )


@pytest.fixture
def two_members(branch1):
    """Since January 2026: 甲 on 4,000 yuan (40 a month), raised to 6,000 (90) from July;
    乙 a student (0.20). On 2026-12-20 甲 prepays December and all of 2027; 乙 pays to March."""
    first = MemberFactory(name="甲", branch=branch1)
    second = MemberFactory(name="乙", branch=branch1)
    for member, kind, income in ((first, "in_work", D(4000)), (second, "student", None)):
        set_base(
            member,
            kind=kind,
            income=income,
            from_month=month_index(2026, 1),
            collector="inflow",
            today=datetime.date(2026, 1, 5),
        )
    set_base(first, kind="in_work", income=D(6000), from_month=month_index(2026, 7), today=datetime.date(2026, 7, 3))
    pay(first, 11, 6 * 40 + 5 * 90, datetime.date(2026, 11, 20))  # January to November
    pay(second, 3, "0.60", datetime.date(2026, 3, 10))
    pay(first, 13, 13 * 90, datetime.date(2026, 12, 20))  # December 2026 to December 2027
    return first, second


@time_machine.travel("2026-12-20 10:00 +0800", tick=False)
def test_the_branch_ledger_of_a_year(two_members, branch1):
    Remittance.objects.create(branch=branch1, month=month_index(2026, 11), amount=D(100), remitted_on="2026-12-05")
    ledger = branch_ledger(branch1, 2026)
    rows = {row.month - month_index(2026, 1) + 1: row for row in ledger.rows}
    assert rows[1].expected == D("40.20") and rows[1].collected == D("40.20") and rows[1].rate == D("100.0")
    assert rows[4].expected == D("40.20") and rows[4].collected == D("40.00") and rows[4].arrears == D("0.20")
    assert rows[7].expected == D("90.20")  # the new base from July
    assert rows[12].collected == D("90.00")
    assert rows[11].remittance.amount == D(100)
    assert ledger.expected == 6 * D("40.20") + 6 * D("90.20")
    assert ledger.collected == 6 * 40 + 6 * 90 + D("0.60")
    assert ledger.arrears == 9 * D("0.20")
    assert ledger.remitted == D(100)


@time_machine.travel("2027-02-10 10:00 +0800", tick=False)
def test_a_prepayment_across_the_year_end_is_collected_in_the_next_years_ledger(two_members, branch1):
    """Paid on 2026-12-20, the twelve months of 2027 are 2027's: January and February are due
    and collected; the other ten show as collected ahead, with no expectation yet."""
    ledger = branch_ledger(branch1, 2027)
    assert [row.expected for row in ledger.rows[:2]] == [D("90.20"), D("90.20")]
    assert [row.collected for row in ledger.rows] == [D(90)] * 12
    assert ledger.rows[2].expected is None
    assert ledger.rate == (D(100) * 180 / D("180.40")).quantize(D("0.1"))
    rows, total = yearly_report([branch1], 2027)
    assert rows[0].expected == D("180.40") and rows[0].collected == D(1080) and rows[0].collected_due == D(180)
    assert rows[0].members == 2 and rows[0].in_arrears == 1  # 乙, paid up to March 2026
    assert total.expected == D("180.40")
    assert collection_rate([branch1])["rate"] == D("99.8")


@time_machine.travel("2027-02-10 10:00 +0800", tick=False)
def test_the_yearly_report_counts_members_behind_and_costs_the_same_for_more_branches(
    two_members, branch1, branch2, django_assert_num_queries
):
    rows, total = yearly_report([branch1, branch2], 2026)
    assert [row.members for row in rows] == [2, 0]
    assert total.expected == 6 * D("40.20") + 6 * D("90.20")
    with django_assert_num_queries(4):  # expected, collected, members and arrears (one pass), 上缴
        yearly_report([branch1, branch2], 2026)
