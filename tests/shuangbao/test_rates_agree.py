"""The rates are counted in SQL (shuangbao.rates) for speed; the lists and boards
filter with the ORM conditions. On a varied roster both must give the same numbers."""

import datetime
import itertools
import random

import pytest

from members.models import Category, Member, MemberStatus
from shuangbao.periods import Period
from shuangbao.rates import rates
from shuangbao.rules import _reported, not_checked_in, report_exempt_condition
from tests.factories import MemberFactory
from tests.shuangbao.conftest import check_in, report

pytestmark = pytest.mark.django_db

Q3 = Period(datetime.date(2026, 7, 1), "quarterly")  # cut-off 2026-08-31, end 2026-09-30
DAYS = [None, datetime.date(2026, 1, 10), datetime.date(2026, 8, 31), datetime.date(2026, 9, 1)]
# Either side of, and on, the cut-off and the end of the period.
CHECK_IN_DAYS = [datetime.date(2025, 12, 1), datetime.date(2026, 8, 31), datetime.date(2026, 9, 30)]
CHECK_IN_DAYS += [datetime.date(2026, 8, 20), datetime.date(2026, 9, 5), datetime.date(2026, 10, 2)]


def _roster(branches, rng):
    """Members across every combination that the rules tell apart, with random records."""
    combinations = itertools.product(
        [MemberStatus.ACTIVE, MemberStatus.ACTIVE, MemberStatus.RETURNED],
        [datetime.date(2010, 7, 1), datetime.date(2026, 8, 31), datetime.date(2026, 9, 2)],  # joined the party
        DAYS,  # left home
        [Category.MOBILE, Category.MOBILE, Category.DIRECT],
    )
    for status, joined, left_home, category in combinations:
        member = MemberFactory(
            branch=rng.choice(branches),
            status=status,
            joined_party_on=joined,
            full_member_on=None,
            left_home_on=left_home,
            category=category,
        )
        for day in rng.sample(CHECK_IN_DAYS, rng.randint(0, 3)):
            check_in(member, day, branch=rng.choice(branches))
        reported = rng.choice([None, datetime.date(2026, 9, 30), datetime.date(2026, 10, 9)])
        if reported:
            report(member, Q3.start, reported)


def test_the_sql_rates_agree_with_the_orm_conditions_of_the_lists(branch1, branch2):
    branches = [branch1, branch2]
    _roster(branches, random.Random(2004))
    figures = rates(branches, [Q3, Q3.previous()])
    for branch in branches:
        mobile = Member.objects.filter(branch=branch, category=Category.MOBILE)
        on_roll = mobile.filter(status=MemberStatus.ACTIVE)
        check_ins, (this_period, last_period) = figures[branch.pk]
        assert check_ins.members == on_roll.count()
        assert check_ins.not_checked_in == not_checked_in(mobile).count()
        for period, rate in ((Q3, this_period), (Q3.previous(), last_period)):
            due = mobile.exclude(report_exempt_condition(period))
            assert rate.exempt == mobile.filter(report_exempt_condition(period)).count()
            assert rate.due == due.count()
            assert rate.reported == due.filter(_reported(period)).count()
            assert rate.on_time == due.filter(_reported(period, on_time=True)).count()
    assert figures[branch1.pk][1][0].due > 0 and figures[branch1.pk][0].checked_in > 0  # not a vacuous roster
