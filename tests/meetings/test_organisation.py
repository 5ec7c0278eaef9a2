"""党小组, elections → posts, 换届 terms and reminders, the matrix per group and its links."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.terms import RenewalStatus, committee_renewal, renewals, renewals_due, term_of
from meetings.compliance import compliance_matrix
from meetings.elections import elected_of, record_election
from meetings.groups import save_group
from meetings.models import (
    AttendanceStatus,
    Candidate,
    ComplianceRule,
    Election,
    ElectionKind,
    Frequency,
    MeetingKind,
    PartyGroup,
)
from members.models import Category, Post, PostTitle
from tests.factories import MeetingFactory, MemberFactory
from tests.meetings.conftest import meeting_with

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-11-27 10:00 +0800", tick=True)]
P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT
DAY = datetime.date(2026, 11, 20)


def direct(branch, n, prefix="直管"):
    return [MemberFactory(branch=branch, category=Category.DIRECT, name=f"{prefix}{i}") for i in range(n)]


# --- 党小组 ---------------------------------------------------------------------------------


def test_a_group_has_a_leader_and_members_of_its_branch(branch1):
    members = direct(branch1, 3)
    group = save_group(PartyGroup(branch=branch1, name="第一党小组", leader=members[0]), members[1:])
    # The leader is one of the members.
    assert set(group.members.all()) == set(members)


def test_a_leader_from_another_branch_is_refused_and_nothing_is_written(branch1, branch2):
    stranger = MemberFactory(branch=branch2, name="外支部")
    with pytest.raises(ValidationError) as error:
        save_group(PartyGroup(branch=branch1, name="第一党小组", leader=stranger), [])
    assert "不是第一党支部的党员" in str(error.value) or "第一党支部" in str(error.value)
    assert not PartyGroup.objects.exists()


def test_a_member_is_in_one_group_at_a_time(branch1):
    members = direct(branch1, 2)
    save_group(PartyGroup(branch=branch1, name="第一党小组"), members)
    with pytest.raises(ValidationError):
        save_group(PartyGroup(branch=branch1, name="第二党小组"), [members[0]])
    assert PartyGroup.objects.count() == 1


def test_the_group_pages_list_create_and_refuse_a_stranger(client_for, secretary1, branch1, branch2):
    members = direct(branch1, 2)
    stranger = MemberFactory(branch=branch2)
    client = client_for(secretary1)
    response = client.post(reverse("meetings:group_create"), {"name": "第一党小组", "leader": stranger.pk})
    assert response.status_code == 200 and not PartyGroup.objects.exists()
    assert response.context["form"].errors["leader"]
    response = client.post(
        reverse("meetings:group_create"),
        {"name": "第一党小组", "leader": members[0].pk, "members": [m.pk for m in members]},
    )
    assert response.status_code == 302
    page = client.get(reverse("meetings:groups")).content.decode()
    assert "第一党小组" in page and members[1].name in page


def test_the_group_list_reads_a_constant_number_of_queries(
    client_for, secretary1, branch1, django_assert_max_num_queries
):
    client = client_for(secretary1)
    client.get(reverse("meetings:groups"))
    for n in range(5):
        save_group(PartyGroup(branch=branch1, name=f"小组{n}"), direct(branch1, 3, prefix=f"组{n}-"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(reverse("meetings:groups"))
    for n in range(5, 25):
        save_group(PartyGroup(branch=branch1, name=f"小组{n}"), direct(branch1, 3, prefix=f"组{n}-"))
    with CaptureQueriesContext(connection) as twenty:
        client.get(reverse("meetings:groups"))
    assert len(five) == len(twenty)


# --- the matrix per group, and its links ---------------------------------------------------


def test_a_branch_with_groups_needs_a_meeting_of_each_group_every_month(branch1):
    ComplianceRule.objects.create(committee=branch1.committee, kind=MeetingKind.GROUP, frequency=Frequency.MONTHLY)
    members = direct(branch1, 2)
    first = save_group(PartyGroup(branch=branch1, name="第一党小组"), members[:1])
    save_group(PartyGroup(branch=branch1, name="第二党小组"), members[1:])
    MeetingFactory(branch=branch1, kind=MeetingKind.GROUP, party_group=first, held_on=datetime.date(2026, 10, 9))
    october = compliance_matrix([branch1], 2026, today=DAY)[0].cells[9]
    assert october.status == "missed"
    assert october.missing == ["党小组会（第二党小组）"]


def test_a_branch_without_groups_needs_any_group_meeting(branch1):
    ComplianceRule.objects.create(committee=branch1.committee, kind=MeetingKind.GROUP, frequency=Frequency.MONTHLY)
    MeetingFactory(branch=branch1, kind=MeetingKind.GROUP, held_on=datetime.date(2026, 10, 9))
    assert compliance_matrix([branch1], 2026, today=DAY)[0].cells[9].status == "met"


def test_each_cell_opens_the_meetings_behind_it_and_the_current_month_is_marked(client_for, secretary1, branch1):
    MeetingFactory(
        branch=branch1, kind=MeetingKind.THEMED_DAY, held_on=datetime.date(2026, 10, 9), topic="十月主题党日"
    )
    page = client_for(secretary1).get(reverse("meetings:compliance")).content.decode()
    link = f"/meetings/?branch={branch1.pk}&amp;held_from=2026-10-01&amp;held_to=2026-10-31"
    assert link in page
    assert 'data-period="2026-11" data-status="met" data-current="1"' in page  # no rule: nothing due
    listed = client_for(secretary1).get(link.replace("&amp;", "&")).content.decode()
    assert "十月主题党日" in listed


# --- elections → posts ----------------------------------------------------------------------


@pytest.fixture
def election_day(branch1):
    """Five voters (直管 full members) and the old committee: a secretary since 2023."""
    voters = direct(branch1, 5, prefix="选民")
    old = Post.objects.create(
        member=voters[0], branch=branch1, title=PostTitle.SECRETARY, started_on=datetime.date(2023, 11, 1)
    )
    return voters, old


def election_meeting(branch, voters, present):
    rows = [(member, P if index < present else E) for index, member in enumerate(voters)]
    return meeting_with(branch, MeetingKind.GENERAL, rows, is_election=True, has_vote=True, held_on=DAY)


def test_a_valid_election_gives_the_elected_their_posts_and_ends_the_previous_holders(branch1, election_day):
    voters, old = election_day
    meeting = election_meeting(branch1, voters, present=5)
    candidates = [
        (voters[1], PostTitle.SECRETARY, 5),
        (voters[2], PostTitle.ORGANISATION, 4),
        (voters[3], PostTitle.PUBLICITY, 3),
        (voters[4], PostTitle.DISCIPLINE, 2),  # 2 of 5: not more than half
    ]
    election = record_election(meeting, kind=ElectionKind.COMMITTEE, seats=3, candidates=candidates)
    assert election.valid
    assert [c.member for c in Candidate.objects.filter(election=election, elected=True)] == voters[1:4]
    old.refresh_from_db()
    assert old.ended_on == DAY
    current = dict(Post.objects.filter(branch=branch1, ended_on__isnull=True).values_list("title", "member_id"))
    assert current == {
        PostTitle.SECRETARY: voters[1].pk,
        PostTitle.ORGANISATION: voters[2].pk,
        PostTitle.PUBLICITY: voters[3].pk,
    }
    assert all(p.started_on == DAY for p in Post.objects.filter(ended_on__isnull=True))
    branch1.refresh_from_db()
    assert branch1.term_started_on == DAY


def test_an_election_without_four_fifths_is_recorded_invalid_and_no_post_changes(branch1, election_day):
    voters, old = election_day
    meeting = election_meeting(branch1, voters, present=4)  # exactly four fifths
    candidates = [(voters[1], PostTitle.SECRETARY, 4), (voters[2], PostTitle.ORGANISATION, 4)]
    election = record_election(meeting, kind=ElectionKind.COMMITTEE, seats=1, candidates=candidates)
    assert not election.valid and not election.candidates.filter(elected=True).exists()
    old.refresh_from_db()
    assert old.ended_on is None
    assert Post.objects.count() == 1


def test_a_committee_election_needs_more_candidates_than_seats(branch1, election_day):
    voters, _old = election_day
    meeting = election_meeting(branch1, voters, present=5)
    with pytest.raises(ValidationError, match="差额"):
        record_election(meeting, kind=ElectionKind.COMMITTEE, seats=1, candidates=[(voters[1], PostTitle.SECRETARY, 5)])
    assert not Election.objects.exists()


def test_a_candidate_who_is_not_a_member_of_the_branch_or_has_no_vote_is_refused(branch1, branch2, election_day):
    voters, _old = election_day
    meeting = election_meeting(branch1, voters, present=5)
    stranger = MemberFactory(branch=branch2, category=Category.DIRECT, name="外支部党员")
    mobile = MemberFactory(branch=branch1, category=Category.MOBILE, name="流动党员")
    for candidate, why in ((stranger, "不是第一党支部的党员"), (mobile, "列席")):
        with pytest.raises(ValidationError) as error:
            record_election(
                meeting,
                kind=ElectionKind.DELEGATES,
                seats=1,
                candidates=[(candidate, "", 5), (voters[1], "", 3)],
            )
        assert why in str(error.value)
    assert not Election.objects.exists()


def test_more_votes_than_voters_present_is_refused(branch1, election_day):
    voters, _old = election_day
    meeting = election_meeting(branch1, voters, present=5)
    with pytest.raises(ValidationError, match="候选人1"):
        record_election(meeting, kind=ElectionKind.DELEGATES, seats=1, candidates=[(voters[1], "", 6)])


def test_a_post_that_would_overlap_the_new_committee_is_refused_and_nothing_is_written(branch1, election_day):
    voters, old = election_day
    meeting = election_meeting(branch1, voters, present=5)
    # A 组织委员 appointed after the election day (entered late): the terms would overlap.
    Post.objects.create(
        member=voters[4], branch=branch1, title=PostTitle.ORGANISATION, started_on=DAY + datetime.timedelta(days=2)
    )
    candidates = [(voters[1], PostTitle.SECRETARY, 5), (voters[2], PostTitle.ORGANISATION, 2)]
    with pytest.raises(ValidationError, match="重叠"):
        record_election(meeting, kind=ElectionKind.COMMITTEE, seats=1, candidates=candidates)
    old.refresh_from_db()
    assert old.ended_on is None and not Election.objects.exists()


def test_a_tie_for_the_last_seat_elects_neither():
    rows = [("a", "", 5), ("b", "", 4), ("c", "", 4)]
    assert elected_of(rows, 2, 5) == {0}
    assert elected_of(rows, 3, 5) == {0, 1, 2}


def test_the_election_page_records_and_the_detail_shows_the_result(client_for, secretary1, branch1, election_day):
    voters, _old = election_day
    meeting = election_meeting(branch1, voters, present=5)
    client = client_for(secretary1)
    url = reverse("meetings:election", args=[meeting.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "committee",
        "seats": 1,
        "candidates-TOTAL_FORMS": 8,
        "candidates-INITIAL_FORMS": 0,
        "candidates-0-member": voters[1].pk,
        "candidates-0-title": "secretary",
        "candidates-0-votes": 5,
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "差额" in response.content.decode()
    data |= {"candidates-1-member": voters[2].pk, "candidates-1-title": "secretary", "candidates-1-votes": 1}
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'data-election-valid="1"' in page and "当选" in page
    assert client.get(url).status_code == 404  # recorded once


# --- 换届: terms, reminders 6 months ahead, the overdue list ------------------------------------


def test_a_term_is_due_six_months_before_its_end_and_overdue_from_its_end():
    start = datetime.date(2023, 12, 1)  # a 3-year term ends 2026-12-01
    assert term_of(start, 3, 6, datetime.date(2026, 5, 31))[2] == RenewalStatus.CURRENT
    assert term_of(start, 3, 6, datetime.date(2026, 6, 1))[2] == RenewalStatus.DUE
    assert term_of(start, 3, 6, datetime.date(2026, 11, 30))[2] == RenewalStatus.DUE
    assert term_of(start, 3, 6, datetime.date(2026, 12, 1))[2] == RenewalStatus.OVERDUE
    assert term_of(None, 3, 6, datetime.date(2026, 12, 1))[2] == RenewalStatus.UNKNOWN


@pytest.mark.time_machine("2026-06-01 08:00 +0800", tick=False)
def test_renewals_due_names_the_branches_and_the_committee_due_or_overdue(branch1, branch2, committee):
    from branches.models import Branch

    Branch.objects.filter(pk=branch1.pk).update(term_started_on=datetime.date(2023, 12, 1))  # due from today
    Branch.objects.filter(pk=branch2.pk).update(term_started_on=datetime.date(2023, 6, 1))  # ends today
    committee.term_started_on, committee.term_years = datetime.date(2021, 12, 1), 5
    committee.save()
    today = datetime.date(2026, 6, 1)
    due = {(row.organisation.pk, row.is_committee): row.status for row in renewals_due(today)}
    assert due == {
        (branch1.pk, False): RenewalStatus.DUE,
        (branch2.pk, False): RenewalStatus.OVERDUE,
        (committee.pk, True): RenewalStatus.DUE,
    }
    # The day before the reminder window: nothing for branch 1; a 5-year setting moves branch 2.
    assert branch1.pk not in {row.organisation.pk for row in renewals_due(datetime.date(2026, 5, 31))}
    committee.branch_term_years = 5
    committee.save()
    assert renewals(Branch.objects.filter(pk=branch2.pk), today)[0].status == RenewalStatus.CURRENT
    assert committee_renewal(committee, today).ends_on == datetime.date(2026, 12, 1)


@pytest.mark.time_machine("2026-06-01 08:00 +0800", tick=False)
def test_the_renewal_page_lists_the_overdue_first_and_filters(client_for, committee_staff, branch1, branch2):
    from branches.models import Branch

    Branch.objects.filter(pk=branch1.pk).update(term_started_on=datetime.date(2024, 1, 1))
    Branch.objects.filter(pk=branch2.pk).update(term_started_on=datetime.date(2023, 1, 1))
    client = client_for(committee_staff)
    page = client.get(reverse("meetings:renewals")).content.decode()
    assert page.index(f'data-renewal="{branch2.pk}"') < page.index(f'data-renewal="{branch1.pk}"')
    overdue = client.get(reverse("meetings:renewals"), {"status": "overdue"}).content.decode()
    assert f'data-renewal="{branch2.pk}"' in overdue and f'data-renewal="{branch1.pk}"' not in overdue
    assert "逾期" in overdue


@pytest.mark.time_machine("2026-06-01 08:00 +0800", tick=False)
def test_the_committee_has_its_team_and_term_on_the_renewal_page(client_for, committee_staff, secretary1, committee):
    from django.core.exceptions import ValidationError

    from members.models import CommitteePost
    from tests.factories import BranchFactory, CommitteeFactory, MemberFactory

    committee.term_started_on, committee.term_years = datetime.date(2021, 12, 1), 5
    committee.save()
    elected = committee.term_started_on
    head = MemberFactory(branch=committee.branches.first(), name="谭泽华")
    CommitteePost.objects.create(committee=committee, name="谭泽华", member=head, title="secretary", started_on=elected)
    CommitteePost.objects.create(
        committee=committee, name="李组织", title="member", duty="组织委员", started_on=elected
    )
    CommitteePost.objects.create(
        committee=committee, name="王前任", title="member", started_on=datetime.date(2016, 12, 1), ended_on=elected
    )
    for user in (committee_staff, secretary1):  # the committee's staff and its branches read it
        page = client_for(user).get(reverse("meetings:renewals")).content.decode()
        team = page[page.index(f'data-committee-team="{committee.pk}"') :][:600]
        assert "谭泽华" in team and "组织委员" in team and "王前任" not in team
        assert "2026-12-01" in page  # five years from the election: 换届 due, in the six-month window
    # One current secretary; a member file of another committee is refused.
    second = CommitteePost(committee=committee, name="另一人", title="secretary", started_on=elected)
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "书记" in str(caught.value)
    stranger = MemberFactory(branch=BranchFactory(committee=CommitteeFactory()))
    with pytest.raises(ValidationError):
        CommitteePost(
            committee=committee, name=stranger.name, member=stranger, title="member", started_on=elected
        ).full_clean()
