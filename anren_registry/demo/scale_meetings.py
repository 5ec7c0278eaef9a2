"""The scaled demo's organisational life: every branch's 三会一课 and the attendance of recent meetings."""

import datetime

from anren_registry.demo import meetings as article_meetings
from meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    PartyGroup,
    PartyGroupMember,
    Standing,
)
from members.models import (
    Category,
    Post,
    PostTitle,
)

# Attendance is written for the meetings of the last two months only: every member
# of every branch at every meeting since last January would be six million rows.
ATTENDANCE_DAYS = 61


def meetings(context, writer, members):
    """Every branch's 三会一课 since January of last year (the article's schedule), with
    the attendance of the last two months."""
    rng = context.rng
    today = context.today
    since = today - datetime.timedelta(days=ATTENDANCE_DAYS)
    roster, officers = {}, {}
    for member in members:
        roster.setdefault(member["branch_id"], []).append(member)
    for branch_id, member_id, title in Post.objects.values_list("branch_id", "member_id", "title"):
        officers.setdefault(branch_id, {})[title] = member_id
    names = {
        member["id"]: member["name"]
        for member in members
        if member["id"] in {pk for titles in officers.values() for pk in titles.values()}
    }
    # 党小组 of the branches of more than GROUPS_FROM members (支部工作条例 第十三条): three
    # each, the members split as the group meetings invite them.
    groups, group_rows, memberships = {}, [], []
    for branch in context.branches:
        people = roster.get(branch.pk, [])
        if len(people) <= article_meetings.GROUPS_FROM:
            continue
        for index in range(article_meetings.GROUPS):
            members_of_group = people[index :: article_meetings.GROUPS]
            row = {
                "branch_id": branch.pk,
                "name": f"第{article_meetings.ORDINAL_DIGITS[index]}党小组",
                "leader_id": members_of_group[0]["id"],
            }
            group_rows.append(row)
            groups[branch.pk, index] = (row, members_of_group)
    writer.insert(PartyGroup, group_rows, history=True)
    for row, members_of_group in groups.values():
        memberships += [{"group_id": row["id"], "member_id": member["id"]} for member in members_of_group]
    writer.insert(PartyGroupMember, memberships)
    meetings, invitations = [], []
    for branch in context.branches:
        people = roster.get(branch.pk, [])
        branch_officers = officers.get(branch.pk, {})
        for kind, held_on, group in article_meetings._planned(context, branch, today):
            topic = rng.choice(article_meetings.TOPICS[kind])
            meeting = {
                "branch_id": branch.pk,
                "kind": kind,
                "held_on": held_on,
                "location": branch.venue_address,
                "online": rng.random() < 0.12,
                "topic": f"第{group + 1}党小组：{topic}" if kind == MeetingKind.GROUP else topic,
                "host": names.get(branch_officers.get(PostTitle.SECRETARY), ""),
                "recorder": names.get(branch_officers.get(PostTitle.ORGANISATION), ""),
                "agenda": "一、学习上级文件精神；二、讨论本支部工作；三、其他事项。",
                "minutes": "会议按议程进行，与会党员进行了学习讨论，支部书记作了总结。",
                "created_at": datetime.datetime.combine(held_on, datetime.time(21, 0), tzinfo=datetime.UTC),
            }
            if kind == MeetingKind.GROUP and (branch.pk, group) in groups:
                meeting["party_group_id"] = groups[branch.pk, group][0]["id"]
            meetings.append(meeting)
            if held_on < since:
                continue
            if kind == MeetingKind.COMMITTEE:
                invited = [m for m in people if m["id"] in branch_officers.values()]
            elif kind == MeetingKind.GROUP:
                invited = people[group :: article_meetings.GROUPS]
            else:
                invited = people
            invitations.append((meeting, [m for m in invited if m["joined_party_on"] <= held_on]))
    writer.insert(Meeting, meetings, history=True)
    rows = []
    for meeting, invited in invitations:
        for member in invited:
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.86
                else AttendanceStatus.EXCUSED
                if roll < 0.96
                else AttendanceStatus.ABSENT
            )
            rows.append(
                {
                    "meeting_id": meeting["id"],
                    "member_id": member["id"],
                    "status": status,
                    "reason": rng.choice(article_meetings.LEAVE_REASONS) if status == AttendanceStatus.EXCUSED else "",
                    "standing": standing(member, meeting["held_on"]),
                }
            )
    writer.insert(Attendance, rows)


def standing(member, held_on):
    """meetings.standing.standing_of, for the scaled demo's plain rows (the national rule)."""
    full = member.get("full_member_on")
    if full is None or full > held_on:
        return Standing.PROBATIONARY
    return Standing.OBSERVER if member.get("category") == Category.MOBILE else Standing.VOTING
