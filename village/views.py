"""The village secretary's pages (流出地党组织): the members whose relation its branch holds,
wherever in Guangdong they are, and what the branches there record about them.

Every queryset goes through ``visible_to`` (branches.scoping: a home organisation's secretary
sees the rows whose member's home organisation is in its scope); another village's member
is a 404. Phone first: lists are cards that read on a 390 px screen.
"""

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from assistance.models import HelpRequest
from branches.permissions import home_secretary_required
from lib.pagination import page_of
from meetings.models import Attendance, AttendanceStatus
from members.models import Category, Member
from shuangbao.rules import member_status
from village.filters import VillageMemberFilter

# The attendance summary covers the last twelve months.
ATTENDANCE_DAYS = 365


def _members(request):
    return Member.objects.visible_to(request.user).select_related("branch__committee", "home_organisation__parent")


def _organisation(request):
    return request.user.staff_scope.home_organisation


@home_secretary_required
def home(request):
    """The village's desk: its members away and what waits for it."""
    members = Member.objects.visible_to(request.user)
    counts = members.aggregate(
        total=Count("pk"),
        mobile=Count("pk", filter=Q(category=Category.MOBILE)),
        branches=Count("branch", distinct=True),
    )
    context = {"organisation": _organisation(request), "counts": counts}
    return render(request, "village/home.html", context)


@home_secretary_required
def member_list(request):
    filterset = VillageMemberFilter(
        request.GET or None,
        queryset=_members(request).order_by("branch__committee_id", "branch__ordinal", "name", "pk"),
        user=request.user,
    )
    context = {"filter": filterset, "page_obj": page_of(request, filterset.qs), "organisation": _organisation(request)}
    return render(request, "village/member_list.html", context)


@home_secretary_required
def member_detail(request, pk):
    """One member's file as the village reads it: the ID number masked, the 双报一领 record,
    the attendance summary of the branch in Guangdong, and the help requests referred home."""
    member = get_object_or_404(_members(request), pk=pk)
    today = timezone.localdate()
    since = today - datetime.timedelta(days=ATTENDANCE_DAYS)
    attendance = Attendance.objects.visible_to(request.user).filter(member=member, meeting__held_on__gte=since)
    summary = attendance.aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
        absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
    )
    referrals = HelpRequest.objects.visible_to(request.user).filter(member=member).order_by("-received_on", "-pk")
    context = {
        "member": member,
        "record": member_status(member, today, links=False),
        "attendance": summary,
        "attendance_since": since,
        "referrals": referrals,
    }
    return render(request, "village/member_detail.html", context)
