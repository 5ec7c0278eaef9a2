"""Every dashboard and statistics page costs the same number of queries for 1 branch and 30."""

import pytest
from django.utils import timezone

from branches.models import PairedVillage
from meetings.models import Meeting
from members.models import Post, PostTitle
from shuangbao.models import CheckInWay
from shuangbao.services import record_check_in
from tests.factories import BranchFactory, MemberFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _grow(committee, branches):
    """``branches`` more branches, each with members, a secretary, a paired village, a meeting, a task."""
    start = committee.branches.count() + 1
    for ordinal in range(start, start + branches):
        branch = BranchFactory(committee=committee, ordinal=ordinal)
        member = MemberFactory(branch=branch)
        MemberFactory(branch=branch, category="direct", full_member_on=None)
        Post.objects.create(member=member, branch=branch, title=PostTitle.SECRETARY, started_on="2021-07-01")
        PairedVillage.objects.create(branch=branch, township="安平镇", village=f"村{ordinal}", since="2018-10-01")
        Meeting.objects.create(branch=branch, kind="themed_day", held_on="2026-01-15", topic="主题党日")
        TaskFactory(committee=committee, branch=branch)


# Session and user (2), the user's StaffScope (1), then the page's own queries.
PAGES = {
    # branches; open help requests, donations, open tasks, active claims; compliance rules and
    # meetings; then twice (member counts, 双报 rates) the data version and the cache lookup, and
    # after a change only (see the next test) the figure and storing it in the database cache
    # (cull count, savepoint, lookup, insert, release)
    "/": 2 + 1 + 1 + 4 + 2 + 2 * (2 + 1 + 5),
    # per-branch profile, profile totals, branches
    "/statistics/": 2 + 1 + 3,
    # (township, city) pairs
    "/statistics/origin/": 2 + 1 + 1,
    # branches with member counts
    "/statistics/charts/members-by-branch/": 2 + 1 + 1,
    "/statistics/charts/members-by-branch.svg": 2 + 1 + 1,
    # check-ins per month, reports per month
    "/statistics/charts/monthly-activity/": 2 + 1 + 2,
    # cities for the filter, page count, the page's rows (counts, secretary, villages, last meeting as subqueries)
    "/branches/": 2 + 1 + 3,
}


@pytest.mark.parametrize("url", list(PAGES))
def test_a_page_costs_the_same_queries_for_1_branch_and_30(
    client_for, county_admin, committee, url, django_assert_num_queries
):
    _grow(committee, 1)
    client = client_for(county_admin)
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200
    _grow(committee, 29)
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200


def test_the_dashboard_counts_its_costly_figures_again_only_after_a_change(
    client_for, county_admin, committee, branch1, django_assert_num_queries
):
    _grow(committee, 3)
    member = MemberFactory(branch=branch1)
    client = client_for(county_admin)
    before = client.get("/").context["shuangbao"]["check_ins"]
    with django_assert_num_queries(PAGES["/"] - 2 * 6):  # the same data: both figures from the cache
        assert client.get("/").context["shuangbao"]["check_ins"] == before
    record_check_in(member, branch=branch1, checked_in_on=timezone.localdate(), way=CheckInWay.ONLINE)
    with django_assert_num_queries(PAGES["/"] - 6):  # a new check-in: the rates counted afresh, never stale
        after = client.get("/").context["shuangbao"]["check_ins"]
    assert (after.members, after.checked_in) == (before.members, before.checked_in + 1)
    members = client.get("/").context["totals"]["total"]
    MemberFactory(branch=branch1)
    assert client.get("/").context["totals"]["total"] == members + 1


def test_a_branch_page_costs_the_same_queries_with_few_or_many_records(
    client_for, county_admin, committee, branch1, django_assert_num_queries
):
    # Session, user, StaffScope; the branch; the profile aggregate; officers; meetings; tasks with claims; villages.
    expected = 3 + 6
    client = client_for(county_admin)
    with django_assert_num_queries(expected):
        client.get(f"/branches/{branch1.pk}/")
    for number in range(20):
        member = MemberFactory(branch=branch1)
        Meeting.objects.create(branch=branch1, kind="group", held_on="2026-02-01", topic=f"党小组会{number}")
        TaskFactory(committee=committee, branch=branch1)
        PairedVillage.objects.create(branch=branch1, township="龙海镇", village=f"村{number}", since="2018-10-01")
    Post.objects.create(member=member, branch=branch1, title=PostTitle.SECRETARY, started_on="2021-07-01")
    with django_assert_num_queries(expected):
        client.get(f"/branches/{branch1.pk}/")
