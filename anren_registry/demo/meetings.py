"""A year of 三会一课 and 主题党日 per branch, with a few gaps, and attendance."""

import datetime

from simple_history.utils import bulk_create_with_history

from branches.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from members.models import Member, MemberStatus, Post
from members.periods import shift_months

TOPICS = {
    MeetingKind.GENERAL: ["学习贯彻上级党建工作会议精神", "审议支部年度工作报告", "讨论接收预备党员"],
    MeetingKind.COMMITTEE: ["研究本月党员教育管理工作", "部署双报一领工作", "研究困难党员帮扶事项"],
    MeetingKind.GROUP: ["党小组学习交流", "交流务工生活情况"],
    MeetingKind.LECTURE: ["党委班子成员讲党课：党员的先锋模范作用", "讲党课：乡村振兴与流动党员的责任"],
    MeetingKind.THEMED_DAY: ["一面旗帜两地红，安仁发展同立功", "重温入党誓词", "七一集体生日", "学习党史"],
}
MONTHLY = [MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.THEMED_DAY]
QUARTERLY = [MeetingKind.GENERAL, MeetingKind.LECTURE]


def build(context):
    rng = context.rng
    today = context.today
    roster = {}
    for member_id, branch_id in Member.objects.filter(
        branch__in=context.branches[:11], status=MemberStatus.ACTIVE
    ).values_list("pk", "branch_id"):
        roster.setdefault(branch_id, []).append(member_id)
    officers = {}
    for member_id, branch_id in Post.objects.filter(ended_on__isnull=True).values_list("member_id", "branch_id"):
        officers.setdefault(branch_id, []).append(member_id)

    meetings, attendees = [], []
    first_month = shift_months(today, -11)
    for branch in context.branches[:11]:
        for offset in range(12):
            month = shift_months(first_month, offset)
            kinds = list(MONTHLY)
            if month.month in (3, 6, 9, 12) or (month.year, month.month) == (today.year, today.month):
                kinds += QUARTERLY
            for kind in kinds:
                # A few gaps so the compliance matrix is not all green.
                if rng.random() < 0.07:
                    continue
                day = month + datetime.timedelta(days=rng.randrange(0, 25))
                if day > today:
                    continue
                meeting = Meeting(
                    branch=branch,
                    kind=kind,
                    held_on=day,
                    location=branch.venue_address,
                    online=rng.random() < 0.15,
                    topic=rng.choice(TOPICS[kind]),
                    host=f"{branch.name}书记",
                    recorder="组织委员",
                    minutes="会议按议程进行，与会党员进行了学习讨论。",
                    has_vote=kind == MeetingKind.GENERAL and rng.random() < 0.3,
                )
                meetings.append(meeting)
                invited = officers.get(branch.pk, []) if kind == MeetingKind.COMMITTEE else roster.get(branch.pk, [])
                attendees.append((meeting, invited))
    bulk_create_with_history(meetings, Meeting, batch_size=2000, default_change_reason="演示数据")
    rows = []
    for meeting, invited in attendees:
        for member_id in invited:
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.85
                else AttendanceStatus.EXCUSED
                if roll < 0.95
                else AttendanceStatus.ABSENT
            )
            rows.append(
                Attendance(
                    meeting=meeting,
                    member_id=member_id,
                    status=status,
                    reason="外出务工" if status == AttendanceStatus.EXCUSED else "",
                )
            )
    Attendance.objects.bulk_create(rows, batch_size=5000)
    context.figures["meetings"] = len(meetings)
    context.figures["attendance"] = len(rows)
