import datetime

import pytest
from django.utils import timezone

from members.models import Member
from shuangbao.models import CheckIn, CheckInWay, Report, ReportChannel
from tests.factories import MemberFactory, TaskFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def task(committee, today):
    """A committee-wide task, open now, with two places."""
    return TaskFactory(
        committee=committee,
        title="社区志愿服务",
        opens_on=today - datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=30),
        capacity=2,
    )


def grow_members(branches, target, *, checked_in_on=None, report_for=None):
    """Mobile members of ``branches`` up to ``target`` in all, in bulk; each with a check-in on
    ``checked_in_on`` and a report for the period starting ``report_for``, if given."""
    count = target - Member.objects.filter(branch__in=branches).count()
    members = Member.objects.bulk_create(
        MemberFactory.build(branch=branches[index % len(branches)]) for index in range(count)
    )
    if checked_in_on:
        CheckIn.objects.bulk_create(
            CheckIn(member=m, branch=m.branch, checked_in_on=checked_in_on, way=CheckInWay.ONLINE) for m in members
        )
    if report_for:
        Report.objects.bulk_create(
            Report(member=m, period_start=report_for, submitted_on=report_for, channel="wechat", summary="汇报")
            for m in members
        )
    return members


def check_in(member, day, branch=None):
    return CheckIn.objects.create(
        member=member, branch=branch or member.branch, checked_in_on=day, way=CheckInWay.ONLINE
    )


def report(member, period_start, submitted_on):
    return Report.objects.create(
        member=member,
        period_start=period_start,
        submitted_on=submitted_on,
        channel=ReportChannel.WECHAT,
        summary="按时参加组织生活。",
    )
