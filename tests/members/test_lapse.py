"""The 自行脱党 warning (党章 第九条): the three signs at their 6-month boundaries, one list."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dues.models import DuesAccount
from dues.months import month_index
from dues.services import record_payment, set_base
from meetings.models import Attendance
from members.lapse import lapse_warnings, signs_of
from members.models import Member
from shuangbao.models import TaskClaim
from tests.factories import MeetingFactory, MemberFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2027, 3, 15)


def listed(today=TODAY, sign=""):
    members = list(lapse_warnings(Member.objects.all(), today, sign=sign))
    found = signs_of(members, today)
    for member in members:
        member.signs = found[member.pk]
    return {member.name: member for member in members}


def absent_at(member, held_on, status="absent"):
    meeting = MeetingFactory(branch=member.branch, held_on=held_on)
    Attendance.objects.create(meeting=meeting, member=member, status=status)


def claim(member, due_on, status="claimed"):
    task = TaskFactory(committee=member.branch.committee, due_on=due_on, opens_on=due_on - datetime.timedelta(days=30))
    TaskClaim.objects.create(member=member, task=task, claimed_on=due_on - datetime.timedelta(days=20), status=status)


def test_absent_without_leave_from_every_meeting_of_six_months_is_a_sign(branch1):
    away = MemberFactory(name="缺会", branch=branch1)
    absent_at(away, D(2026, 10, 10))
    absent_at(away, D(2027, 2, 20))
    excused = MemberFactory(name="请假", branch=branch1)
    absent_at(excused, D(2026, 10, 10))
    absent_at(excused, D(2027, 2, 20), status="excused")  # 请假 is a reason
    came = MemberFactory(name="来过", branch=branch1)
    absent_at(came, D(2026, 10, 10), status="present")
    absent_at(came, D(2027, 2, 20))
    found = listed()
    assert set(found) == {"缺会"}
    assert found["缺会"].signs == {"no_life"}


def test_the_meetings_counted_are_those_of_the_last_six_months(branch1):
    member = MemberFactory(name="半年前缺会", branch=branch1)
    absent_at(member, D(2026, 9, 15))  # exactly 6 months before TODAY: inside
    assert set(listed()) == {"半年前缺会"}
    assert set(listed(today=D(2027, 3, 16))) == set()  # a day later it is outside, nothing expected since


def test_assigned_work_undone_six_months_after_its_due_date_is_a_sign(branch1):
    member = MemberFactory(name="任务未做", branch=branch1)
    claim(member, due_on=D(2026, 9, 15))
    assert set(listed(today=D(2027, 3, 14))) == set()  # a day short of 6 months
    found = listed(today=D(2027, 3, 15))
    assert set(found) == {"任务未做"}
    assert found["任务未做"].signs == {"no_work"}
    done = MemberFactory(name="任务已完成", branch=branch1)
    claim(done, due_on=D(2026, 1, 15), status="done")
    dropped = MemberFactory(name="任务已退出", branch=branch1)
    claim(dropped, due_on=D(2026, 1, 15), status="dropped")
    assert set(listed()) == {"任务未做"}


def dues_paid_through(member, year, month, reason=""):
    set_base(member, kind="student", from_month=month_index(2026, 1), collector="inflow", today=D(2026, 1, 2))
    paid = month_index(year, month) - month_index(2026, 1) + 1
    record_payment(
        member,
        month_count=paid,
        amount=Decimal("0.20") * paid,
        paid_on=D(2026, 1, 2),
        way="cash",
        collected_by="周书记",
        today=D(2026, 1, 2),
    )
    if reason:
        DuesAccount.objects.filter(member=member).update(arrears_reason=reason)


def test_six_months_without_dues_and_no_reason_is_a_sign(branch1):
    # On 2027-03-15 February is the last month over: paid to 2026-08 is 6 months behind.
    dues_paid_through(MemberFactory(name="欠六月", branch=branch1), 2026, 8)
    dues_paid_through(MemberFactory(name="欠五月", branch=branch1), 2026, 9)
    dues_paid_through(MemberFactory(name="欠费有因", branch=branch1), 2026, 1, reason="住院治疗")
    found = listed()
    assert set(found) == {"欠六月"}
    assert found["欠六月"].signs == {"no_dues"}
    assert set(listed(sign="no_life")) == set()


def test_a_member_with_several_signs_is_listed_once_and_off_the_roll_members_never(branch1):
    member = MemberFactory(name="三项", branch=branch1)
    absent_at(member, D(2027, 1, 10))
    claim(member, due_on=D(2026, 6, 1))
    dues_paid_through(member, 2026, 3)
    lost = MemberFactory(name="已失联", branch=branch1, status="lost_contact", status_since=D(2026, 1, 1))
    claim(lost, due_on=D(2026, 6, 1))
    found = listed()
    assert list(found) == ["三项"]
    assert found["三项"].signs == {"no_life", "no_work", "no_dues"}


@time_machine.travel("2027-03-15 10:00 +0800", tick=False)
def test_the_page_shows_the_branch_its_own_members_with_their_signs(branch1, branch2, secretary1, client_for):
    ours = MemberFactory(name="本支部预警", branch=branch1)
    claim(ours, due_on=D(2026, 6, 1))
    theirs = MemberFactory(name="外支部预警", branch=branch2)
    claim(theirs, due_on=D(2026, 6, 1))
    page = client_for(secretary1).get(reverse("members:lapse_list")).content.decode()
    assert "本支部预警" in page and "外支部预警" not in page
    assert "自行脱党预警" in page and "党章第九条" in page
    filtered = client_for(secretary1).get(reverse("members:lapse_list"), {"sign": "no_dues"}).content.decode()
    assert "本支部预警" not in filtered


@time_machine.travel("2027-03-15 10:00 +0800", tick=False)
def test_the_page_runs_the_same_queries_for_3_members_as_for_30(branch1, secretary1, client_for):
    client = client_for(secretary1)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("members:lapse_list")).status_code == 200
        return len(captured)

    for index in range(3):
        claim(MemberFactory(name=f"预警{index}", branch=branch1), due_on=D(2026, 6, 1))
    few = queries()
    for index in range(3, 30):
        claim(MemberFactory(name=f"预警{index}", branch=branch1), due_on=D(2026, 6, 1))
    assert queries() == few
