"""Attendance counts and the quorum of a meeting."""

import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from lib.months import add_months
from meetings.models import Attendance, AttendanceStatus, Standing
from members.models import MemberStatus, Post

# --- attendance counts and the quorum ---------------------------------------------------


def _in_office_on_the_day(prefix=""):
    """Posts of the meeting's branch held on the meeting's day (terms read as [from, to))."""
    return Q(**{f"{prefix}branch": OuterRef("branch"), f"{prefix}started_on__lte": OuterRef("held_on")}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": OuterRef("held_on")})
    )


def _count(queryset, group, field):
    """A correlated COUNT(DISTINCT field) as an annotation (0 when nothing matches)."""
    counted = queryset.order_by().values(group).annotate(total=Count(field, distinct=True)).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_attendance_counts(meetings):
    """Annotate 应到 / 实到 / 请假 / 缺席, the voting counts (standing 有表决权 on the roll), the
    branch committee on the day (all current 委员, for a 支委会's quorum) and the committee's
    quorum settings, in the same query."""
    voting = Q(attendances__standing=Standing.VOTING)
    present = Q(attendances__status=AttendanceStatus.PRESENT)
    committee = Post.objects.filter(_in_office_on_the_day())
    # One filter() call: the branch, start and end conditions apply to the same post.
    committee_present = Attendance.objects.filter(
        _in_office_on_the_day("member__posts__"), meeting=OuterRef("pk"), status=AttendanceStatus.PRESENT
    )
    return meetings.annotate(
        expected_count=Count("attendances"),
        present_count=Count("attendances", filter=present),
        excused_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.EXCUSED)),
        absent_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
        voting_expected=Count("attendances", filter=voting),
        voting_present=Count("attendances", filter=voting & present),
        observer_count=Count("attendances", filter=Q(attendances__standing=Standing.OBSERVER)),
        probationary_count=Count("attendances", filter=Q(attendances__standing=Standing.PROBATIONARY)),
        committee_size=_count(committee, "branch", "member"),
        committee_present=_count(committee_present, "meeting", "member"),
        general_quorum_percent=F("branch__committee__general_quorum_percent"),
        election_quorum_percent=F("branch__committee__election_quorum_percent"),
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
    """自行脱党 warning (党章 第九条: 连续六个月不参加党的组织生活 without 正当理由): on the roll,
    expected at meetings in the last ``months`` months, and absent without leave (a recorded
    reason is 请假) from every one of them. Not 失联, which is a status with its own search
    log and timers (members.worklists); this is a computed list for the branch to act on.

    Asked from the absences' side: the half-year's absences (a few in a hundred rows of
    the register) whose member attended nothing else in the window. Counting
    every member's attendances instead read the half-year's whole register: 0.6 s at
    100,000 members. ``absent_count`` is annotated on the rows found."""
    since = add_months(today, -months)
    window = Q(meeting__held_on__range=(since, today))
    absences = Attendance.objects.filter(window, status=AttendanceStatus.ABSENT)
    attended = Attendance.objects.filter(window, member=OuterRef("member_id")).exclude(status=AttendanceStatus.ABSENT)
    only_absent = absences.exclude(Exists(attended)).values("member_id")
    return (
        members.filter(status=MemberStatus.ACTIVE, pk__in=only_absent)
        .annotate(
            absent_count=Subquery(
                absences.filter(member=OuterRef("pk")).order_by().values("member").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            )
        )
        .order_by("branch_id", "pk")
    )
