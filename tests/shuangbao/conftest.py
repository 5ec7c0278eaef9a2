import datetime

import pytest
from django.utils import timezone

from shuangbao.models import CheckIn, CheckInWay, Report, ReportChannel
from tests.factories import TaskFactory


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
