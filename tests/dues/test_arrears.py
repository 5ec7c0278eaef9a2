"""Arrears and the 自行脱党 join, with a fixed clock: a month is late once it is over."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from dues.arrears import arrears_for, branch_arrears_count, lapsed_members, member_summary, months_behind
from dues.models import DuesAccount
from dues.months import month_index
from dues.services import record_payment, set_base
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
# 2027-03-15: February is the last month that is over.
TODAY = datetime.date(2027, 3, 15)


def member_paid_through(branch, year, month, *, name, reason=""):
    member = MemberFactory(name=name, branch=branch)
    set_base(
        member,
        kind="student",
        from_month=month_index(2026, 1),
        collector="inflow",
        today=datetime.date(2026, 1, 2),
    )
    paid = month_index(year, month) - month_index(2026, 1) + 1
    if paid:
        record_payment(
            member,
            month_count=paid,
            amount=Decimal("0.20") * paid,
            paid_on=datetime.date(2026, 1, 2),
            way="cash",
            collected_by="周书记",
            today=datetime.date(2026, 1, 2) if paid <= 13 else TODAY,
        )
    if reason:
        DuesAccount.objects.filter(member=member).update(arrears_reason=reason)
    return member


@pytest.mark.parametrize(
    ("paid_through", "behind"),
    [((2027, 3), 0), ((2027, 2), 0), ((2027, 1), 1), ((2026, 12), 2), ((2026, 11), 3), ((2026, 8), 6)],
)
def test_months_behind_counts_the_months_that_are_over(paid_through, behind):
    assert months_behind(month_index(*paid_through), TODAY) == behind


@time_machine.travel("2027-03-15 09:00 +0800", tick=False)
def test_the_arrears_list_and_the_lapsed_join(branch1, county_admin, secretary1):
    paid_up = member_paid_through(branch1, 2027, 2, name="交齐")
    two = member_paid_through(branch1, 2026, 12, name="欠二")
    three = member_paid_through(branch1, 2026, 11, name="欠三")
    six = member_paid_through(branch1, 2026, 8, name="欠六")
    member_paid_through(branch1, 2026, 7, name="有因", reason="患病住院，支部已走访")
    gone = member_paid_through(branch1, 2026, 1, name="回乡")
    Member.objects.filter(pk=gone.pk).update(status="returned")
    listed = [account.member.name for account in arrears_for(county_admin)]
    assert listed == ["有因", "欠六", "欠三"]  # longest behind first; 回乡 is off the roll
    assert [account.behind for account in arrears_for(secretary1)] == [7, 6, 3]
    assert [account.member.name for account in arrears_for(county_admin, min_months=6)] == ["有因", "欠六"]
    # 自行脱党: six months or more and no reason recorded; the lifecycle list narrows by scope.
    assert list(lapsed_members()) == [six]
    assert list(lapsed_members(Member.objects.filter(branch=branch1, name="欠六"))) == [six]
    assert not lapsed_members(Member.objects.exclude(pk=six.pk)).exists()
    assert branch_arrears_count(branch1) == 3
    assert member_summary(three)["months_behind"] == 3
    assert member_summary(paid_up)["paid_through_label"] == "2027年2月"
    assert member_summary(two)["standard"] == Decimal("0.20")


@time_machine.travel("2027-03-15 09:00 +0800", tick=False)
def test_a_member_whose_home_organisation_collects_is_on_no_list(branch1, county_admin):
    member = member_paid_through(branch1, 2026, 1, name="家里交")
    DuesAccount.objects.filter(member=member).update(collector="home")
    assert not arrears_for(county_admin).exists()
    assert not lapsed_members().exists()


@time_machine.travel("2027-03-15 09:00 +0800", tick=False)
def test_another_branch_sees_none_of_it(branch1, secretary2):
    member_paid_through(branch1, 2026, 1, name="欠很久")
    assert not arrears_for(secretary2).exists()
