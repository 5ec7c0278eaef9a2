"""Growing the data a page shows from 5 rows to 500, in bulk (a factory per row would take minutes)."""

import datetime

import pytest
from django.utils import timezone

from assistance.models import Donation, HelpRequest
from meetings.models import Attendance, AttendanceStatus, Meeting
from members.models import Honor, Member, Post
from shuangbao.models import CheckIn, CheckInWay, Report, ReportChannel, Task, TaskClaim
from tests.assistance.factories import CampaignFactory
from tests.factories import BranchFactory, MemberFactory

TOWNSHIPS = ["永乐江镇", "安平镇", "灵官镇", "龙海镇"]
CITIES = ["东莞", "深圳", "佛山"]
DAY = datetime.timedelta(days=1)


def up_to(target, model, **filters):
    """How many rows of ``model`` (with ``filters``) are missing to reach ``target``."""
    return max(0, target - model.objects.filter(**filters).count())


@pytest.fixture
def grow(committee, branch1, branch2):
    """``grow(n)``: members up to n, spread over branches 1 and 2 (and a third branch of the
    committee), each with the records their pages show: a check-in, a report, a meeting
    attended. Written in bulk, as the rows of a big roster would be imported."""
    extra = BranchFactory(committee=committee, ordinal=3, name="第三党支部", city="佛山")
    branches = [branch1, branch2, extra]

    def add(target):
        start = Member.objects.count()
        members = Member.objects.bulk_create(
            MemberFactory.build(
                name=f"谭建{index}",
                branch=branches[index % 3],
                hometown_township=TOWNSHIPS[index % len(TOWNSHIPS)],
                work_city=CITIES[index % len(CITIES)],
                employer="东莞华通电子厂",
            )
            for index in range(start, target)
        )
        CheckIn.objects.bulk_create(
            CheckIn(member=m, branch=m.branch, checked_in_on=datetime.date(2025, 3, 1), way=CheckInWay.ONLINE)
            for m in members
        )
        Report.objects.bulk_create(
            Report(
                member=m,
                period_start=datetime.date(2026, 7, 1),
                submitted_on=datetime.date(2026, 7, 10),
                channel=ReportChannel.WECHAT,
                summary="按时汇报",
            )
            for m in members
        )
        meetings = Meeting.objects.bulk_create(
            Meeting(branch=m.branch, kind="themed_day", held_on=datetime.date(2026, 3, 15), topic="重温入党誓词")
            for m in members
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, member=m, status=AttendanceStatus.PRESENT)
            for meeting, m in zip(meetings, members, strict=True)
        )
        return members

    return add


@pytest.fixture
def grow_member(committee, county_admin):
    """``grow_member(member, n)``: the member's own records up to n of each kind: posts held
    and ended, check-ins, reports, task claims, meetings attended, honours, donations, help
    requests, and versions in the file's history (changed by a user, some moving branch)."""
    campaign = CampaignFactory(committee=committee)
    other_branch = BranchFactory(committee=committee, ordinal=9, name="第九党支部")

    def add(member, target):
        today = timezone.localdate()
        count = up_to(target, Post, member=member)
        # Posts of the past: each ended before the next began.
        Post.objects.bulk_create(
            Post(
                member=member,
                branch=member.branch,
                title="publicity",
                started_on=datetime.date(1990, 1, 1) + 10 * index * DAY,
                ended_on=datetime.date(1990, 1, 1) + (10 * index + 5) * DAY,
            )
            for index in range(count)
        )
        CheckIn.objects.bulk_create(
            CheckIn(member=member, branch=member.branch, checked_in_on=today - index * DAY, way=CheckInWay.PHONE)
            for index in range(up_to(target, CheckIn, member=member))
        )
        taken = set(Report.objects.filter(member=member).values_list("period_start", flat=True))
        starts = (datetime.date(1900 + index // 12, index % 12 + 1, 1) for index in range(2000))
        free = [start for start in starts if start not in taken][: up_to(target, Report, member=member)]
        Report.objects.bulk_create(
            Report(member=member, period_start=start, submitted_on=today, channel=ReportChannel.PHONE, summary="汇报")
            for start in free
        )
        tasks = Task.objects.bulk_create(
            Task(
                committee=committee,
                title=f"任务{index}",
                category="volunteer",
                opens_on=today,
                due_on=today,
                capacity=1,
            )
            for index in range(up_to(target, TaskClaim, member=member))
        )
        TaskClaim.objects.bulk_create(TaskClaim(member=member, task=task, claimed_on=today) for task in tasks)
        meetings = Meeting.objects.bulk_create(
            Meeting(branch=member.branch, kind="group", held_on=today - index * DAY, topic=f"党小组会{index}")
            for index in range(up_to(target, Attendance, member=member))
        )
        Attendance.objects.bulk_create(Attendance(meeting=meeting, member=member) for meeting in meetings)
        Honor.objects.bulk_create(
            Honor(member=member, title="优秀共产党员", awarded_by="县委", year=2000 + index % 26)
            for index in range(up_to(target, Honor, member=member))
        )
        Donation.objects.bulk_create(
            Donation(campaign=campaign, member=member, amount=100, donated_on=today)
            for _index in range(up_to(target, Donation, member=member))
        )
        HelpRequest.objects.bulk_create(
            HelpRequest(
                member=member,
                branch=member.branch,
                category="medical",
                location="hometown",
                story="住院",
                received_on=today,
            )
            for _index in range(up_to(target, HelpRequest, member=member))
        )
        # Versions of the file: the employer changes each time, every tenth moves branch.
        History = Member.history.model
        last = member.history.order_by("-history_date").first()
        kept = {f.attname: getattr(member, f.attname) for f in Member._meta.concrete_fields if f.name != "updated_at"}
        History.objects.bulk_create(
            History(
                **kept
                | {
                    "employer": f"第{index}家工厂",
                    "branch_id": other_branch.pk if index % 10 == 0 else member.branch_id,
                    "history_date": last.history_date + index * datetime.timedelta(minutes=1),
                    "history_type": "~",
                    "history_user": county_admin,
                }
            )
            for index in range(1, up_to(target, History, id=member.pk) + 1)
        )

    return add
