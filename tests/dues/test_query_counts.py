"""Every dues page runs as many queries for 5 members as for 500 (no N+1).

The rows are written with bulk_create (the pages read them, they do not care how they were
made); each size is its own database, rolled back between the two parametrised runs.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dues.models import DuesAccount, DuesBase, Payment, PaymentMonth, Remittance
from dues.months import month_index
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = Decimal
JANUARY = month_index(2025, 1)


def populate(branch, count, user=None):
    """``count`` members of ``branch`` on 4,000 yuan (40 yuan) since January 2025, each with
    two bases, and payments: the even ones paid up to June 2025 in two payments, the odd
    ones nothing (so half the branch is in arrears on the pinned day)."""
    members = Member.objects.bulk_create(MemberFactory.build_batch(count, branch=branch))
    DuesAccount.objects.bulk_create(
        DuesAccount(
            member=member,
            collector="inflow",
            first_month=JANUARY,
            paid_through=JANUARY + 5 if index % 2 == 0 else JANUARY - 1,
            standard=D(40),
        )
        for index, member in enumerate(members)
    )
    DuesBase.objects.bulk_create(
        [
            DuesBase(member=m, from_month=JANUARY, to_month=JANUARY + 3, kind="in_work", income=D(3000), standard=D(15))
            for m in members
        ]
        + [
            DuesBase(member=m, from_month=JANUARY + 3, kind="in_work", income=D(4000), standard=D(40), recorded_by=user)
            for m in members
        ]
    )
    payments = Payment.objects.bulk_create(
        Payment(
            member=member,
            branch=branch,
            first_month=first,
            last_month=first + 2,
            amount=D(120),
            paid_on=datetime.date(2025, 7, 1),
            way="cash",
            collected_by="周书记",
            recorded_by=user,
        )
        for index, member in enumerate(members)
        if index % 2 == 0
        for first in (JANUARY, JANUARY + 3)
    )
    PaymentMonth.objects.bulk_create(
        PaymentMonth(payment=p, member_id=p.member_id, branch=branch, month=month, amount=D(40))
        for p in payments
        for month in range(p.first_month, p.last_month + 1)
    )
    Remittance.objects.get_or_create(
        branch=branch, month=JANUARY, defaults={"amount": D(80), "remitted_on": datetime.date(2025, 2, 5)}
    )
    return members


def pages(branch, member, payment):
    return {
        "member dues": reverse("dues:member", args=[member.pk]),
        "arrears list": reverse("dues:arrears"),
        "arrears 6+ no reason": reverse("dues:arrears") + "?lapsed=on",
        "branch ledger": reverse("dues:ledger") + f"?branch={branch.pk}&year=2025",
        "yearly report": reverse("dues:report") + "?year=2025",
        "yearly report xlsx": reverse("dues:report_xlsx") + "?year=2025",
        "payment list": reverse("dues:payments") + f"?branch={branch.pk}",
        "receipt": reverse("dues:receipt", args=[payment.pk]),
        "member file": reverse("members:detail", args=[member.pk]),
    }


def count_queries(client, urls):
    found = {}
    for name, url in urls.items():
        client.get(url)  # warm the per-process caches (content types, settings)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        found[name] = len(captured)
    return found


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_every_dues_page_costs_the_same_for_5_and_500_members(branch1, branch2, committee_staff, client_for):
    client = client_for(committee_staff)
    few = populate(branch1, 5, committee_staff)
    payment = Payment.objects.filter(member=few[0]).first()
    small = count_queries(client, pages(branch1, few[0], payment))
    # 495 more members in the same branch and 500 in another, with their bases and payments;
    # the first member gets 200 more months of history (payments and bases) on the same pages.
    populate(branch1, 495, committee_staff)
    populate(branch2, 500, committee_staff)
    member = few[0]
    extra = Payment.objects.bulk_create(
        Payment(
            member=member,
            branch=branch1,
            first_month=JANUARY + 6 + index,
            last_month=JANUARY + 6 + index,
            amount=D(40),
            paid_on=datetime.date(2025, 7, 1),
            way="wechat",
            collected_by="周书记",
            recorded_by=committee_staff,
        )
        for index in range(14)
    )
    assert len(extra) == 14
    large = count_queries(client, pages(branch1, member, payment))
    assert large == small
    # The lists really hold the rows: a full page of arrears, and the report counts them all.
    assert Member.objects.count() == 1000
