"""Organisational life since January of last year: 三会一课, 主题党日, the yearly
组织生活会 and 民主评议党员, with attendance, a few gaps and a few warnings.

What the demo shows on purpose:
- random gaps (a meeting not held), and 第九党支部 skipping a whole month four
  months ago, so the compliance matrix is not all green;
- the current month still open: 第五、第八、第十党支部 have not held their 主题党日 yet
  (the browser test logs 第五党支部's and watches its cell turn green);
- a few meetings logged more than 30 days late (补录) and a 党员大会 that voted
  without a quorum;
- two elections that the simple-majority count of every full member present called valid
  and the right rule does not (ELECTIONS below): 第一党支部's 2025-03-17 election of
  delegates and 第三党支部's 2026-02-20 one, 48 of 60 present but only four fifths of those
  entitled (mobile members sit in, 列席, and vote at home);
- six members absent from every meeting for six months (the 失联 warning).
"""

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lib.months import add_months
from meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PartyGroup,
    PartyGroupMember,
    Standing,
)
from meetings.notices import new_token
from meetings.records import LATE_ENTRY_DAYS
from meetings.standing import standing_of
from members.models import Member, MemberStatus, Post, PostTitle

# The article's 主题党日 of November 2020, held by every branch on one day.
ARTICLE_THEMED_DAY = datetime.date(2020, 11, 15)
TOPICS = {
    MeetingKind.GENERAL: [
        "学习贯彻上级党建工作会议精神",
        "审议支部年度工作报告",
        "讨论接收预备党员",
        "选举出席流动党委党员大会代表",
    ],
    MeetingKind.COMMITTEE: ["研究本月党员教育管理工作", "部署双报一领工作", "研究困难党员帮扶事项", "研究发展党员工作"],
    MeetingKind.GROUP: ["党小组学习交流", "交流务工生活情况", "学习党章党规"],
    MeetingKind.LECTURE: [
        "党委班子成员讲党课：党员的先锋模范作用",
        "讲党课：乡村振兴与流动党员的责任",
        "讲党课：学党史、悟思想",
    ],
    MeetingKind.THEMED_DAY: [
        "学习贯彻上级重要会议和文件精神",
        "重温入党誓词",
        "七一集体生日",
        "学习党史",
        "志愿服务进社区",
    ],
    MeetingKind.LIFE_MEETING: ["年度组织生活会：对照检查、批评与自我批评"],
    MeetingKind.APPRAISAL: ["年度民主评议党员"],
}
MONTHLY = [MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.THEMED_DAY]
QUARTERLY = [MeetingKind.GENERAL, MeetingKind.LECTURE]
YEARLY = [MeetingKind.LIFE_MEETING, MeetingKind.APPRAISAL]
GROUPS = 3  # 党小组 per branch; each meets monthly
GROUPS_FROM = 50  # a branch of more members has its groups on file (支部工作条例 第十三条)
LEAVE_REASONS = ["外出务工", "加班", "回老家探亲", "身体不适", "出差", "照顾家人"]
THEMED_DAY_STILL_DUE = {5, 8, 10}  # branch ordinals whose 主题党日 of this month is still to come
MONTH_SKIPPED = (9, 4)  # 第九党支部 held nothing four months ago
LOST_CONTACT = 6
# (branch ordinal, day, topic, expected, present, share of those entitled present): elections
# the old count (every full member present, more than half) called valid; with the standing
# on the roll and the four-fifths rule of the 选举工作条例 they are recorded as invalid.
ELECTIONS = [
    (1, datetime.date(2025, 3, 17), "选举出席流动党委党员大会代表", None, None, (8, 11)),
    (3, datetime.date(2026, 2, 20), "支部委员会换届选举", 60, 48, (4, 5)),
]


def _first_of_month(year, month):
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _planned(context, branch, today):
    """(kind, held_on, group) for every meeting the branch held since January of last year."""
    rng = context.rng
    plan = []
    skipped = _first_of_month(today.year, today.month - MONTH_SKIPPED[1])
    for index in range(12 + today.month):
        first = _first_of_month(today.year - 1, index + 1)
        last_day = today.day if (first.year, first.month) == (today.year, today.month) else 28
        if branch.ordinal == MONTH_SKIPPED[0] and first == skipped:
            continue
        kinds = [
            (kind, group) for kind in MONTHLY for group in (range(GROUPS) if kind == MeetingKind.GROUP else [None])
        ]
        # Quarterly meetings fall in a chosen month of the quarter, yearly ones in January–February.
        for kind in QUARTERLY:
            if rng.randrange(3) == 0 or first.month % 3 == 0:
                kinds.append((kind, None))
        if first.month in (1, 2):
            kinds += [(kind, None) for kind in YEARLY if rng.random() < 0.5 or first.month == 2]
        for kind, group in kinds:
            is_current = (first.year, first.month) == (today.year, today.month)
            if is_current and kind == MeetingKind.THEMED_DAY and branch.ordinal in THEMED_DAY_STILL_DUE:
                continue
            # A few gaps so the compliance matrix is not all green (never in the open month,
            # whose cells are still pending anyway).
            if not is_current and rng.random() < 0.04:
                continue
            plan.append((kind, first + datetime.timedelta(days=rng.randrange(0, last_day)), group))
    # A quarterly or yearly kind planned twice in a period is realistic enough; drop exact repeats.
    seen, unique = set(), []
    for kind, day, group in sorted(plan, key=lambda item: (item[1], item[0])):
        key = (kind, day.year, (day.month - 1) // 3 if kind in QUARTERLY else 0)
        if kind in QUARTERLY + YEARLY and key in seen:
            continue
        seen.add(key)
        unique.append((kind, day, group))
    return unique


def build(context):
    rng = context.rng
    today = context.today
    now = timezone.now()
    branches = context.branches[:11]
    roster, files = {}, {}
    for member in Member.objects.filter(branch__in=branches, status=MemberStatus.ACTIVE).only(
        "pk", "branch_id", "joined_party_on", "full_member_on", "category"
    ):
        roster.setdefault(member.branch_id, []).append((member.pk, member.joined_party_on))
        files[member.pk] = member
    officers, names = {}, {}
    for member_id, branch_id, title, name in Post.objects.filter(ended_on__isnull=True).values_list(
        "member_id", "branch_id", "title", "member__name"
    ):
        officers.setdefault(branch_id, set()).add(member_id)
        names[branch_id, title] = name
    everyone_in_office = {member_id for ids in officers.values() for member_id in ids}
    # Each member's group: their place on the roll (the same split whether or not the
    # branch keeps its groups on file; the large ones do).
    group_of = {pk: index % GROUPS for people in roster.values() for index, (pk, _joined) in enumerate(people)}
    groups = _groups(branches, roster, group_of)
    lost = set(
        rng.sample(
            [member_id for people in roster.values() for member_id, _ in people if member_id not in everyone_in_office],
            LOST_CONTACT,
        )
    )
    six_months_ago = add_months(today, -6)

    meetings, invitations = [], []
    quorum_failure_done = False
    for branch in branches:
        for kind, held_on, group in _planned(context, branch, today):
            late = rng.random() < 0.03 and (today - held_on).days > 90
            delay = datetime.timedelta(days=rng.randrange(LATE_ENTRY_DAYS + 5, 80) if late else rng.randrange(0, 4))
            logged = timezone.make_aware(datetime.datetime.combine(held_on + delay, datetime.time(21, 0)))
            topic = rng.choice(TOPICS[kind])
            if kind == MeetingKind.GROUP:
                topic = f"第{ORDINAL_DIGITS[group]}党小组：{topic}"
            meeting = Meeting(
                branch=branch,
                kind=kind,
                held_on=held_on,
                location=branch.venue_address,
                online=rng.random() < 0.12,
                topic=topic,
                host=names.get((branch.pk, PostTitle.SECRETARY), ""),
                recorder=names.get((branch.pk, PostTitle.ORGANISATION), ""),
                agenda="一、学习上级文件精神；二、讨论本支部工作；三、其他事项。",
                minutes="会议按议程进行，与会党员进行了学习讨论，支部书记作了总结。",
                # 第七党支部's first 党员大会 always votes: it is the one short of a quorum below.
                has_vote=kind == MeetingKind.GENERAL
                and (rng.random() < 0.3 or (branch.ordinal == 7 and not quorum_failure_done)),
                created_at=min(logged, now),
                late_entry=late,
                party_group=groups.get((branch.pk, group)) if kind == MeetingKind.GROUP else None,
            )
            meeting._history_date = meeting.created_at  # the history says when it was logged
            if meeting.has_vote:
                meeting.resolutions = "全体应到正式党员举手表决，同意票过半数，决议通过。"
            people = [pk for pk, joined in roster.get(branch.pk, []) if joined <= held_on]
            if kind == MeetingKind.COMMITTEE:
                people = [pk for pk in people if pk in officers.get(branch.pk, ())]
            elif kind == MeetingKind.GROUP:
                people = [pk for pk in people if group_of[pk] == group]
            # One 党员大会 that voted while most members were away: 未达到法定人数.
            thin = meeting.has_vote and not quorum_failure_done and branch.ordinal == 7
            quorum_failure_done = quorum_failure_done or thin
            meetings.append(meeting)
            invitations.append((meeting, people, thin))
    # “去年11月，他们组织党员开展‘一面旗帜两地红，安仁发展同立功’主题党日活动” (the article is of 2021).
    for branch in branches:
        meeting = Meeting(
            branch=branch,
            kind=MeetingKind.THEMED_DAY,
            held_on=ARTICLE_THEMED_DAY,
            location=branch.venue_address,
            topic="一面旗帜两地红，安仁发展同立功",
            host=names.get((branch.pk, PostTitle.SECRETARY), ""),
            recorder=names.get((branch.pk, PostTitle.ORGANISATION), ""),
            agenda="一、重温入党誓词；二、交流在粤创业就业和助力家乡发展的做法；三、支部书记讲话。",
            minutes="流动党委统一组织，各支部同日开展。党员重温入党誓词，交流助力家乡发展的做法。",
            created_at=timezone.make_aware(datetime.datetime.combine(ARTICLE_THEMED_DAY, datetime.time(21, 0))),
        )
        meeting._history_date = meeting.created_at
        meetings.append(meeting)
        people = [pk for pk, joined in roster.get(branch.pk, []) if joined <= ARTICLE_THEMED_DAY]
        invitations.append((meeting, people, False))
    elections = _elections(context, branches, names, now)
    meetings += [meeting for meeting, _plan in elections]
    bulk_create_with_history(meetings, Meeting, batch_size=2000, default_change_reason="演示数据")

    rows = []
    for meeting, people, thin in invitations:
        voters = 0
        for _position, member_id in enumerate(people):
            roll = rng.random()
            standing = standing_of(files[member_id], meeting.held_on)
            if member_id in lost and meeting.held_on > six_months_ago:
                status = AttendanceStatus.ABSENT
            elif thin:  # one in three with a vote present, whatever the dice say: short of a quorum
                voters += standing == Standing.VOTING
                status = AttendanceStatus.PRESENT if voters % 3 == 1 else AttendanceStatus.EXCUSED
            else:
                status = (
                    AttendanceStatus.PRESENT
                    if roll < 0.86
                    else AttendanceStatus.EXCUSED
                    if roll < 0.96
                    else AttendanceStatus.ABSENT
                )
            reason = rng.choice(LEAVE_REASONS) if status == AttendanceStatus.EXCUSED else ""
            rows.append(
                Attendance(meeting=meeting, member_id=member_id, status=status, reason=reason, standing=standing)
            )
    for meeting, plan in elections:
        rows += _election_roll(meeting, roster[meeting.branch_id], files, plan)
    # Demo rows are not edits: no attendance history for them (it starts with the first real change).
    Attendance.objects.bulk_create(rows, batch_size=5000)
    context.figures["meetings"] = len(meetings)
    context.figures["attendance"] = len(rows)
    _published(context, branches, names)


# Meetings published in advance (issue 18): 第八党支部's 主题党日 in three days (its QR sign-in
# opens on the day), and 第十党支部's held two days ago whose roll the secretary has not
# confirmed yet (the 待确认 work list on the meetings page).
PUBLISHED = [(8, 3, "主题党日：重温入党誓词"), (10, -2, "主题党日：学习党章党规")]


def _published(context, branches, names):
    by_ordinal = {branch.ordinal: branch for branch in branches}
    for ordinal, days, topic in PUBLISHED:
        branch = by_ordinal.get(ordinal)
        if branch is None:
            continue
        held_on = context.today + datetime.timedelta(days=days)
        Meeting.objects.create(
            branch=branch,
            kind=MeetingKind.THEMED_DAY,
            held_on=held_on,
            status=MeetingStatus.PLANNED,
            starts_at=datetime.time(19, 30),
            location=branch.venue_address,
            topic=topic,
            host=names.get((branch.pk, PostTitle.SECRETARY), ""),
            published_at=timezone.now() - datetime.timedelta(days=7),
            sign_in_token=new_token(),
        )


ORDINAL_DIGITS = "一二三四五六七八九"


def _groups(branches, roster, group_of):
    """党小组 of the branches with more than GROUPS_FROM members: (branch pk, index) → group,
    the first member of each group its leader."""
    made = {}
    for branch in branches:
        people = [pk for pk, _joined in roster.get(branch.pk, [])]
        if len(people) <= GROUPS_FROM:
            continue
        for index in range(GROUPS):
            members = [pk for pk in people if group_of[pk] == index]
            group = PartyGroup.objects.create(
                branch=branch, name=f"第{ORDINAL_DIGITS[index]}党小组", leader_id=members[0]
            )
            PartyGroupMember.objects.bulk_create(PartyGroupMember(group=group, member_id=pk) for pk in members)
            made[branch.pk, index] = group
    return made


def _elections(context, branches, names, now):
    """The ELECTIONS that fall within the demo's span (since January of last year)."""
    by_ordinal = {branch.ordinal: branch for branch in branches}
    start = datetime.date(context.today.year - 1, 1, 1)
    elections = []
    for ordinal, day, topic, expected, present, share in ELECTIONS:
        branch = by_ordinal.get(ordinal)
        if branch is None or not (start <= day <= context.today):
            continue
        meeting = Meeting(
            branch=branch,
            kind=MeetingKind.GENERAL,
            held_on=day,
            location=branch.venue_address,
            topic=topic,
            host=names.get((branch.pk, PostTitle.SECRETARY), ""),
            recorder=names.get((branch.pk, PostTitle.ORGANISATION), ""),
            agenda="一、清点到会人数；二、通过选举办法；三、投票选举；四、宣布选举结果。",
            minutes="会议清点到会人数后进行了无记名投票。",
            resolutions="按到会正式党员过半数计算，选举有效。",
            has_vote=True,
            is_election=True,
            created_at=min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(21, 0))), now),
        )
        meeting._history_date = meeting.created_at
        elections.append((meeting, (expected, present, share)))
    return elections


def _election_roll(meeting, people, files, plan):
    """The roll of an election: ``expected`` of the branch's members (all by default),
    ``present`` of them there, and of those entitled (standing 有表决权) exactly the share
    ``numerator/denominator`` present, which is not more than four fifths."""
    expected, present, (numerator, denominator) = plan
    members = [pk for pk, joined in people if joined <= meeting.held_on]
    members = members[:expected] if expected else members
    standing = {pk: standing_of(files[pk], meeting.held_on) for pk in members}
    voters = [pk for pk in members if standing[pk] == Standing.VOTING]
    voters_present = len(voters) * numerator // denominator
    there = set(voters[:voters_present])
    others = [pk for pk in members if standing[pk] != Standing.VOTING]
    wanted = present if present is not None else len(members) - 2
    there |= set(others[: max(wanted - len(there), 0)])
    return [
        Attendance(
            meeting=meeting,
            member_id=pk,
            status=AttendanceStatus.PRESENT if pk in there else AttendanceStatus.EXCUSED,
            reason="" if pk in there else "外出务工",
            standing=standing[pk],
        )
        for pk in members
    ]
