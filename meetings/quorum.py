"""Attendance counts and the quorum of a meeting."""

import datetime

from django.db.models import Count, F, Q

from lib.months import add_months
from meetings.models import AttendanceStatus
from members.models import MemberStatus

# --- attendance counts and the quorum ---------------------------------------------------


def with_attendance_counts(meetings):
    """Annotate 应到 / 实到 / 请假 / 缺席 and the voting (正式党员) counts in the same query."""
    voting = Q(attendances__member__full_member_on__lte=F("held_on"))
    present = Q(attendances__status=AttendanceStatus.PRESENT)
    return meetings.annotate(
        expected_count=Count("attendances"),
        present_count=Count("attendances", filter=present),
        excused_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.EXCUSED)),
        absent_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
        voting_expected=Count("attendances", filter=voting),
        voting_present=Count("attendances", filter=voting & present),
    )


def attendance_rates(members, start: datetime.date, end: datetime.date):
    """Each member's meetings expected / present / on leave / absent between two dates."""
    within = Q(attendances__meeting__held_on__range=(start, end))
    return members.annotate(
        expected_count=Count("attendances", filter=within),
        present_count=Count("attendances", filter=within & Q(attendances__status=AttendanceStatus.PRESENT)),
        excused_count=Count("attendances", filter=within & Q(attendances__status=AttendanceStatus.EXCUSED)),
        absent_count=Count("attendances", filter=within & Q(attendances__status=AttendanceStatus.ABSENT)),
    )


def absent_from_every_meeting(members, today, months=6):
    """失联 warning: on the roll, expected at meetings in the last ``months`` months,
    and absent without leave from every one of them."""
    since = add_months(today, -months)
    return (
        attendance_rates(members.filter(status=MemberStatus.ACTIVE), since, today)
        .filter(expected_count__gt=0, absent_count=F("expected_count"))
        .order_by("branch_id", "pk")
    )
