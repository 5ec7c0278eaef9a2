import datetime

import pytest

from meetings.models import Attendance, AttendanceStatus
from shuangbao.models import CheckIn, CheckInWay, Report, ReportChannel
from tests.factories import BranchFactory, MeetingFactory, MemberFactory

TOWNSHIPS = ["永乐江镇", "安平镇", "灵官镇", "龙海镇"]
CITIES = ["东莞", "深圳", "佛山"]


@pytest.fixture
def grow(committee, branch1, branch2):
    """``grow(n)``: n more members spread over branches 1 and 2 (and a third branch of
    the committee), with the records their pages show: a check-in, a report, a meeting."""
    extra = BranchFactory(committee=committee, ordinal=3, name="第三党支部", city="佛山")
    branches = [branch1, branch2, extra]

    def add(count):
        members = [
            MemberFactory(
                name=f"谭建{len(TOWNSHIPS) * index}",
                branch=branches[index % 3],
                hometown_township=TOWNSHIPS[index % len(TOWNSHIPS)],
                work_city=CITIES[index % len(CITIES)],
                employer="东莞华通电子厂",
            )
            for index in range(count)
        ]
        for member in members:
            CheckIn.objects.create(
                member=member, branch=member.branch, checked_in_on=datetime.date(2025, 3, 1), way=CheckInWay.ONLINE
            )
            Report.objects.create(
                member=member,
                period_start=datetime.date(2026, 7, 1),
                submitted_on=datetime.date(2026, 7, 10),
                channel=ReportChannel.WECHAT,
                summary="按时汇报",
            )
            meeting = MeetingFactory(branch=member.branch, held_on=datetime.date(2026, 3, 15))
            Attendance.objects.create(meeting=meeting, member=member, status=AttendanceStatus.PRESENT)
        return members

    return add
