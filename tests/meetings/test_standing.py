"""Who has a vote, and the quorums at their boundaries (支部工作条例 第十一条、第十二条;
选举工作条例 第五条 and its four fifths; the 流动党员活动证 rules)."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, Standing
from meetings.quorum import with_attendance_counts
from meetings.records import log_meeting, update_meeting
from meetings.standing import standing_of
from members.models import Category, Post, PostTitle
from tests.factories import MemberFactory
from tests.meetings.conftest import meeting_with

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-11-27 10:00 +0800", tick=True)]
P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT
DAY = datetime.date(2026, 11, 20)


def counted(meeting):
    return with_attendance_counts(Meeting.objects.filter(pk=meeting.pk)).get()


def direct(branch, n, **extra):
    return [MemberFactory(branch=branch, category=Category.DIRECT, name=f"直管{n}-{i}", **extra) for i in range(n)]


def mobile(branch, n):
    return [MemberFactory(branch=branch, category=Category.MOBILE, name=f"流动{n}-{i}") for i in range(n)]


# --- the electorate, for each kind of member ------------------------------------------------


def test_a_full_member_whose_relation_the_branch_holds_has_a_vote(branch1):
    member = MemberFactory.build(branch=branch1, category=Category.DIRECT, full_member_on=datetime.date(2020, 1, 1))
    assert standing_of(member, DAY) == Standing.VOTING


def test_a_mobile_member_sits_in_and_votes_at_home(branch1):
    member = MemberFactory.build(branch=branch1, category=Category.MOBILE, full_member_on=datetime.date(2020, 1, 1))
    assert standing_of(member, DAY) == Standing.OBSERVER
    # A committee that holds its mobile members' relations may say they vote here.
    assert standing_of(member, DAY, mobile_members_vote=True) == Standing.VOTING


def test_a_probationary_member_has_no_vote_until_the_day_of_full_membership(branch1):
    for category in Category.values:
        assert standing_of(MemberFactory.build(category=category, full_member_on=None), DAY) == Standing.PROBATIONARY
    on_the_day = MemberFactory.build(category=Category.DIRECT, full_member_on=DAY)
    day_after = MemberFactory.build(category=Category.DIRECT, full_member_on=DAY + datetime.timedelta(days=1))
    assert standing_of(on_the_day, DAY) == Standing.VOTING
    assert standing_of(day_after, DAY) == Standing.PROBATIONARY


def test_the_roll_records_the_standing_of_the_day_and_a_later_change_does_not_rewrite_it(branch1, secretary1):
    voter, visitor = direct(branch1, 1)[0], mobile(branch1, 1)[0]
    probationer = MemberFactory(branch=branch1, category=Category.DIRECT, full_member_on=None, name="预备")
    fields = {"kind": MeetingKind.GENERAL, "held_on": DAY, "topic": "表决", "location": "东莞", "has_vote": True}
    meeting = log_meeting(
        branch=branch1,
        user=secretary1,
        fields=fields,
        attendance={voter.pk: (P, ""), visitor.pk: (P, ""), probationer.pk: (P, "")},
    )
    standing = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "standing"))
    assert standing == {voter.pk: "voting", visitor.pk: "observer", probationer.pk: "probationary"}
    assert (counted(meeting).voting_present, counted(meeting).voting_expected) == (1, 1)
    # 转正 after the meeting: an edit of the minutes keeps the roll of the day …
    probationer.full_member_on = DAY + datetime.timedelta(days=2)
    probationer.save()
    update_meeting(meeting, user=secretary1, fields={"minutes": "补充"}, attendance=dict.fromkeys(standing, (P, "")))
    assert Attendance.objects.get(meeting=meeting, member=probationer).standing == Standing.PROBATIONARY
    # … and moving the meeting to a day after it gives the new day's standing.
    update_meeting(
        meeting,
        user=secretary1,
        fields={"held_on": DAY + datetime.timedelta(days=3)},
        attendance=dict.fromkeys(standing, (P, "")),
    )
    assert Attendance.objects.get(meeting=meeting, member=probationer).standing == Standing.VOTING


def test_the_detail_page_shows_each_attendees_standing(client_for, secretary1, branch1):
    voter, visitor = direct(branch1, 1)[0], mobile(branch1, 1)[0]
    meeting = meeting_with(branch1, MeetingKind.GENERAL, [(voter, P), (visitor, P)], has_vote=True)
    page = client_for(secretary1).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'data-standing="observer"' in page and "列席" in page
    assert "1 名有表决权" in page and "1 名列席" in page


# --- a general meeting that votes: more than half of those with a vote -----------------------


def test_a_vote_needs_more_than_half_of_those_with_a_vote_and_mobile_members_do_not_count(branch1):
    voters, visitors = direct(branch1, 4), mobile(branch1, 6)
    everyone_else = [(member, P) for member in visitors]
    half = meeting_with(
        branch1,
        MeetingKind.GENERAL,
        [(voters[0], P), (voters[1], P), (voters[2], A), (voters[3], E), *everyone_else],
        has_vote=True,
    )
    # 8 of 10 present, but only 2 of the 4 with a vote: exactly half is not enough.
    assert (counted(half).present_count, counted(half).voting_present, counted(half).voting_expected) == (8, 2, 4)
    assert counted(half).quorum_met is False
    more = meeting_with(
        branch1, MeetingKind.GENERAL, [(voters[0], P), (voters[1], P), (voters[2], P), (voters[3], E)], has_vote=True
    )
    assert counted(more).quorum_met is True


# --- an election: more than four fifths of those entitled ------------------------------------


def test_an_election_needs_more_than_four_fifths_of_those_entitled(branch1):
    voters = direct(branch1, 6)
    four_of_five = meeting_with(
        branch1, MeetingKind.GENERAL, [(m, P) for m in voters[:4]] + [(voters[4], E)], is_election=True, has_vote=True
    )
    assert counted(four_of_five).quorum_rule == "election"
    assert counted(four_of_five).quorum_met is False  # exactly 4/5: not more than
    five_of_six = meeting_with(
        branch1, MeetingKind.GENERAL, [(m, P) for m in voters[:5]] + [(voters[5], A)], is_election=True
    )
    assert counted(five_of_six).quorum_met is True  # 83 %
    # The same 5 of 6 would do for a vote; a stricter committee setting fails it as an election.
    branch1.committee.election_quorum_percent = 90
    branch1.committee.save()
    assert counted(five_of_six).quorum_met is False


def test_an_election_counts_only_those_entitled_not_everyone_present(branch1):
    voters, visitors = direct(branch1, 5), mobile(branch1, 20)
    rows = [(m, P) for m in voters[:4]] + [(voters[4], A)] + [(m, P) for m in visitors]
    meeting = meeting_with(branch1, MeetingKind.GENERAL, rows, is_election=True)
    # 24 of 25 present (96 %), 4 of the 5 entitled (80 %): invalid.
    assert counted(meeting).present_count == 24
    assert counted(meeting).quorum_met is False


# --- the 支委会: all current 委员 --------------------------------------------------------------


def committee_of(branch, members, started_on=datetime.date(2024, 1, 1)):
    titles = [PostTitle.SECRETARY, PostTitle.ORGANISATION, PostTitle.PUBLICITY, PostTitle.DISCIPLINE]
    return [
        Post.objects.create(member=member, branch=branch, title=title, started_on=started_on)
        for member, title in zip(members, titles, strict=False)
    ]


def test_a_committee_meeting_counts_all_current_members_not_the_rows_ticked(branch1):
    members = direct(branch1, 3)
    committee_of(branch1, members)
    # Only one 委员 ticked, present: 1 of 1 on the roll, but 1 of the 3 委员.
    alone = meeting_with(branch1, MeetingKind.COMMITTEE, [(members[0], P)], held_on=DAY)
    assert (counted(alone).committee_present, counted(alone).committee_size) == (1, 3)
    assert counted(alone).quorum_met is False
    two = meeting_with(branch1, MeetingKind.COMMITTEE, [(members[0], P), (members[1], P)], held_on=DAY)
    assert counted(two).quorum_met is True  # 2 of 3


def test_a_committee_meeting_counts_the_committee_of_its_day(branch1):
    members = direct(branch1, 4)
    posts = committee_of(branch1, members[:3])
    # One 委员's term ended before the meeting, the next one's begins after it.
    posts[2].ended_on = datetime.date(2026, 10, 1)
    posts[2].save()
    Post.objects.create(
        member=members[3], branch=branch1, title=PostTitle.DISCIPLINE, started_on=DAY + datetime.timedelta(days=1)
    )
    half = meeting_with(branch1, MeetingKind.COMMITTEE, [(members[0], P), (members[1], A)], held_on=DAY)
    assert counted(half).committee_size == 2
    assert counted(half).quorum_met is False  # 1 of 2: half is not more than half
    # A 委员 present who is not a 委员 on the day does not count.
    other = meeting_with(branch1, MeetingKind.COMMITTEE, [(members[0], P), (members[2], P)], held_on=DAY)
    assert counted(other).committee_present == 1


def test_no_committee_on_file_means_no_quorum_rule(branch1):
    member = direct(branch1, 1)[0]
    assert counted(meeting_with(branch1, MeetingKind.COMMITTEE, [(member, P)])).quorum_met is None


# --- the settings ---------------------------------------------------------------------------


def test_the_settings_cannot_be_looser_than_the_national_rule(client_for, committee_staff, committee):
    url = reverse("dashboard:committee_settings", args=[committee.pk])
    data = {
        "office_address": "东莞",
        "report_cycle": "quarterly",
        "dues_collector": "home",
        "general_quorum_percent": 50,
        "election_quorum_percent": 66,
        "branch_term_years": 6,
        "renewal_notice_months": 6,
        "term_years": 5,
        # issue 15's settings, at their defaults
        "check_in_grace_days": 30,
        "receipt_overdue_months": 3,
        "certificate_validity_months": 12,
    }
    response = client_for(committee_staff).post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "80" in errors["election_quorum_percent"][0] and "5" in errors["branch_term_years"][0]
    committee.refresh_from_db()
    assert committee.election_quorum_percent == 80
    response = client_for(committee_staff).post(
        url, data | {"election_quorum_percent": 90, "mobile_members_vote": "on", "branch_term_years": 5}
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.election_quorum_percent, committee.mobile_members_vote, committee.branch_term_years) == (
        90,
        True,
        5,
    )
