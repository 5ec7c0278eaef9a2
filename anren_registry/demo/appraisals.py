"""民主评议党员: last year's done in every branch, this year's in progress (half the branches),
each at the branch's appraisal meeting; a few 不合格 with 限期改正 under way."""

import datetime

from appraisals.models import DisposalKind, Grade
from appraisals.services import grade_members, record_disposal
from meetings.models import Meeting, MeetingKind
from members.models import Member, MemberStatus


def build(context):
    today = context.today
    rng = context.rng
    graded = 0
    for year in (today.year - 1, today.year):
        for branch in context.branches:
            if year == today.year and branch.ordinal % 2 == 0:
                continue  # this year's appraisal not held there yet
            meeting = (
                Meeting.objects.filter(
                    branch=branch, kind=MeetingKind.APPRAISAL, held_on__year=year, held_on__lte=today
                )
                .order_by("-held_on")
                .first()
            )
            if meeting is None:
                continue
            members = [
                m
                for m in Member.objects.filter(branch=branch, status=MemberStatus.ACTIVE).order_by("pk")
                if m.full_member_on and m.full_member_on <= meeting.held_on
            ]
            limit = len(members) // 3
            grades = {}
            for member in members:
                roll = rng.random()
                grade = (
                    Grade.EXCELLENT
                    if roll < 0.22 and sum(g == Grade.EXCELLENT for g in grades.values()) < limit
                    else Grade.BASIC
                    if roll > 0.965
                    else Grade.UNQUALIFIED
                    if roll > 0.955
                    else Grade.QUALIFIED
                )
                grades[member.pk] = grade
            if not grades:
                continue
            secretary = context.users.get(f"branch{branch.ordinal}")
            for appraisal in grade_members(branch, year, meeting, grades, user=secretary):
                if appraisal.grade == Grade.UNQUALIFIED:
                    decided = min(today, meeting.held_on + datetime.timedelta(days=7))
                    record_disposal(
                        appraisal,
                        DisposalKind.CORRECTION,
                        decided,
                        user=secretary,
                        deadline=decided + datetime.timedelta(days=90),
                        note="支部书记谈心谈话，限期三个月改正，按时参加组织生活、交纳党费。",
                    )
            graded += len(grades)
    context.figures["appraisals"] = graded
