"""Every dashboard and statistics page costs the same number of queries for 5 branches and 500."""

import datetime

import pytest
from django.utils import timezone

from branches.models import Branch, PairedVillage
from meetings.models import Meeting
from members.models import Honor, Member, Post, PostTitle
from shuangbao.models import CheckIn, CheckInWay, Report, Task, TaskClaim
from shuangbao.services import record_check_in
from tests.factories import BranchFactory, MemberFactory, TaskFactory

pytestmark = pytest.mark.django_db
TITLES = list(PostTitle.values)


def _grow(committee, target):
    """Branches up to ``target``, each with a mobile and a direct member, a secretary, a paired
    village, a meeting, a task, and the mobile member's check-in and report of some month of
    the last year: in bulk, as a big committee's rows would be."""
    start = committee.branches.count() + 1
    branches = Branch.objects.bulk_create(
        BranchFactory.build(committee=committee, ordinal=ordinal) for ordinal in range(start, target + 1)
    )
    members = Member.objects.bulk_create(MemberFactory.build(branch=branch) for branch in branches)
    Member.objects.bulk_create(
        MemberFactory.build(branch=branch, category="direct", full_member_on=None) for branch in branches
    )
    Post.objects.bulk_create(
        Post(member=member, branch=member.branch, title=PostTitle.SECRETARY, started_on="2021-07-01")
        for member in members
    )
    PairedVillage.objects.bulk_create(
        PairedVillage(branch=branch, township="安平镇", village=f"村{branch.ordinal}", since="2018-10-01")
        for branch in branches
    )
    Meeting.objects.bulk_create(
        Meeting(branch=branch, kind="themed_day", held_on="2026-01-15", topic="主题党日") for branch in branches
    )
    Task.objects.bulk_create(TaskFactory.build(committee=committee, branch=branch) for branch in branches)
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=30 * (member.branch.ordinal % 12)) for member in members]
    CheckIn.objects.bulk_create(
        CheckIn(member=member, branch=member.branch, checked_in_on=day, way=CheckInWay.ONLINE)
        for member, day in zip(members, days, strict=True)
    )
    Report.objects.bulk_create(
        Report(member=member, period_start=day.replace(day=1), submitted_on=day, channel="wechat", summary="汇报")
        for member, day in zip(members, days, strict=True)
    )


# This year's 党费收缴率: the data version, the cache lookup, and after a change only the figure
# (expected, collected) and storing it.
DUES_RATE = 2 + 2 + 5
# 待办 (dashboard.todo), one grouped count per item: self check-ins to confirm, 未报到 (the committees' grace days, the
# count), overdue reports (the report cycles, the count), claims due, meetings still required
# (the branches, compliance rules, meetings, 党小组), help requests over 30 days, probation
# ending, transfers awaiting receipts (the committees' receipt months, the count), arrears.
TODO_COUNTS = 1 + 2 + 2 + 1 + 4 + 1 + 1 + 2 + 1
# … kept in the cache like the costly figures: the data version and the lookup, and after a
# change the counts and storing them (cull count, savepoint, lookup, insert, release).
TODO = 2 + TODO_COUNTS + 5
# Session and user (2), the user's StaffScope (1), then the page's own queries.
PAGES = {
    # branches; open help requests, donations, open tasks, active claims; compliance rules,
    # meetings and 党小组 (their meetings only when there are groups); then twice (member counts,
    # 双报 rates) the data version and the cache lookup, and
    # after a change only (see the next test) the figure and storing it in the database cache
    # (cull count, savepoint, lookup, insert, release); a member's life (members.worklists): the
    # member counts in one aggregate, the committees' receipt months and the overdue receipts,
    # the certificates running out
    "/": 2 + 1 + 1 + 4 + 3 + 2 * (2 + 1 + 5) + DUES_RATE + 4 + TODO,
    # per-branch profile, profile totals, branches
    "/statistics/": 2 + 1 + 3,
    # (township, city) pairs
    "/statistics/origin/": 2 + 1 + 1,
    # branches with member counts
    "/statistics/charts/members-by-branch/": 2 + 1 + 1,
    "/statistics/charts/members-by-branch.svg": 2 + 1 + 1,
    # check-ins per month, reports per month
    "/statistics/charts/monthly-activity/": 2 + 1 + 2,
    # cities for the filter, page count, the page's rows (counts, secretary, villages, last meeting as
    # subqueries), the committees whose settings the user keeps
    "/branches/": 2 + 1 + 3 + 1,
}


@pytest.mark.parametrize("url", list(PAGES))
def test_a_page_costs_the_same_queries_for_5_branches_and_500(
    client_for, county_admin, committee, url, django_assert_num_queries
):
    _grow(committee, 5)
    client = client_for(county_admin)
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200
    _grow(committee, 500)
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200


def test_the_dashboard_counts_its_costly_figures_again_only_after_a_change(
    client_for, county_admin, committee, branch1, django_assert_num_queries
):
    _grow(committee, 3)
    member = MemberFactory(branch=branch1)
    client = client_for(county_admin)
    before = client.get("/").context["shuangbao"]["check_ins"]
    # The same data: the figures and the 待办 counts from the cache.
    with django_assert_num_queries(PAGES["/"] - 2 * 6 - 7 - (TODO_COUNTS + 5)):
        assert client.get("/").context["shuangbao"]["check_ins"] == before
    record_check_in(member, branch=branch1, checked_in_on=timezone.localdate(), way=CheckInWay.ONLINE)
    with django_assert_num_queries(PAGES["/"] - 6 - 7):  # a new check-in: the rates counted afresh, never stale
        after = client.get("/").context["shuangbao"]["check_ins"]
    assert (after.members, after.checked_in) == (before.members, before.checked_in + 1)
    members = client.get("/").context["totals"]["total"]
    MemberFactory(branch=branch1)
    assert client.get("/").context["totals"]["total"] == members + 1


def test_a_branch_page_costs_the_same_queries_with_5_records_of_each_kind_or_500(
    client_for, county_admin, committee, branch1, django_assert_num_queries
):
    def grow(target):
        """The branch's members, officers, meetings, tasks with a claim each, and villages up to ``target``."""
        count = target - branch1.members.count()
        members = Member.objects.bulk_create(MemberFactory.build(branch=branch1) for _ in range(count))
        # Officers of the past, and one current holder of each post.
        Post.objects.bulk_create(
            Post(member=member, branch=branch1, title=TITLES[index % 5], started_on="2021-07-01", ended_on="2023-06-30")
            for index, member in enumerate(members)
        )
        Meeting.objects.bulk_create(
            Meeting(branch=branch1, kind="group", held_on="2026-02-01", topic=f"党小组会{index}")
            for index in range(count)
        )
        tasks = Task.objects.bulk_create(TaskFactory.build(committee=committee, branch=branch1) for _ in range(count))
        TaskClaim.objects.bulk_create(
            TaskClaim(member=member, task=task, claimed_on="2026-02-01")
            for member, task in zip(members, tasks, strict=True)
        )
        PairedVillage.objects.bulk_create(
            PairedVillage(branch=branch1, township="龙海镇", village=f"村{target}-{index}", since="2018-10-01")
            for index in range(count)
        )
        Honor.objects.bulk_create(
            Honor(branch=branch1, title=f"五好党支部{index}", awarded_by="县委", year=2024) for index in range(count)
        )

    grow(5)
    for index, title in enumerate(TITLES):
        Post.objects.create(member=branch1.members.all()[index], branch=branch1, title=title, started_on="2024-01-01")
    # Session, user, StaffScope; the branch; the profile aggregate; officers; meetings; tasks with claims; villages;
    # the branch's honours.
    expected = 3 + 7
    client = client_for(county_admin)
    with django_assert_num_queries(expected):
        client.get(f"/branches/{branch1.pk}/")
    grow(500)
    with django_assert_num_queries(expected):
        client.get(f"/branches/{branch1.pk}/")
