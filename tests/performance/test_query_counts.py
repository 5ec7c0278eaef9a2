"""The pages that must stay fast on a province's roster run a fixed number of queries,
whatever the number of rows. Each test measures a page with 5 of the rows it shows, grows
them to 500, and measures again; the comment names every query.

The figures at 100,000 members come from ``bench/pages.py``; these tests keep a
change from quietly adding a query per row.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Every logged-in request starts with these two.
SESSION_AND_USER = 2


def _twice(client, url, grow, django_assert_num_queries, expected):
    """The same count for 5 rows and for 500."""
    grow(5)
    client.get(url)  # warm: the first request of a test loads content types and the like
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(500)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        # The chosen branch is checked against the branch choices: no query of its own.
        "?branch={branch}&category=mobile",
        "?q=谭建",
        "?page=2",
        "?o=-joined_party_on&status=active&hometown_township=安平镇",
    ],
    ids=["unfiltered", "branch-and-mobile", "two-character-name", "page-2", "sorted-and-filtered"],
)
def test_the_member_list_takes_eight_queries_whatever_the_filter_and_the_size(
    client_for, county_admin, branch1, grow, django_assert_num_queries, query
):
    client = client_for(county_admin)
    url = reverse("members:list") + query.format(branch=branch1.pk)
    # session, user; the capped count; the user's scope; the branch choices (pk and name);
    # the townships and the work cities (one index walk each); the page of members with
    # their branch.
    _twice(client, url, grow, django_assert_num_queries, SESSION_AND_USER + 6)


def test_a_secretary_s_member_list_takes_nine_queries_whatever_the_size(
    client_for, secretary1, grow, django_assert_num_queries
):
    # The same eight, and the secretary's branch for the top bar.
    _twice(client_for(secretary1), reverse("members:list"), grow, django_assert_num_queries, SESSION_AND_USER + 7)


def test_the_member_detail_takes_a_fixed_number_of_queries_whatever_the_members_own_records(
    client_for, county_admin, alice, grow_member, django_assert_num_queries
):
    client = client_for(county_admin)
    url = reverse("members:detail", args=[alice.pk])
    # session, user; the scope; the member with branch and committee; the history with its
    # users, and the branch names it mentions; posts with their branch; honours; the 双报一领
    # status row, check-ins, reports, claims; the 党费 account; attendance with the meetings; the
    # donation total, the donations and the help requests; the status changes with their
    # recorders and the 失联 search log.
    _twice(client, url, lambda count: grow_member(alice, count), django_assert_num_queries, SESSION_AND_USER + 17)


def test_the_member_export_takes_a_fixed_number_of_queries(client_for, county_admin, grow, django_assert_num_queries):
    client = client_for(county_admin)
    url = reverse("members:export") + "?category=mobile"
    # session, user; the scope; the rows with their branch (one query, read in chunks);
    # the audit entry of the export.
    _twice(client, url, grow, django_assert_num_queries, SESSION_AND_USER + 3)


def test_the_roster_export_takes_a_fixed_number_of_queries(client_for, county_admin, grow, django_assert_num_queries):
    url = reverse("members:roster_export")
    # session, user; the scope; the rows with their branch's name (one query, read in
    # chunks); the audit entry of the export.
    _twice(client_for(county_admin), url, grow, django_assert_num_queries, SESSION_AND_USER + 3)


def test_the_compliance_matrix_takes_a_fixed_number_of_queries(
    client_for, county_admin, grow, django_assert_num_queries
):
    url = reverse("meetings:compliance") + f"?year={timezone.localdate().year}"
    # session, user; the scope; the first year with meetings (the year choices); the
    # branches counted (the pager) and a page of them; the rules; the meetings grouped by
    # branch, kind, month and 党小组; the 党小组; the committees (the committee choice); the
    # rules table.
    _twice(client_for(county_admin), url, grow, django_assert_num_queries, SESSION_AND_USER + 9)


@pytest.mark.parametrize("query", ["", "?q=谭建", "?work_city=深圳"], ids=["unfiltered", "search", "work-city"])
def test_the_member_admin_changelist_takes_eight_queries_whatever_the_size(
    client_for, county_admin, grow, django_assert_num_queries, query
):
    county_admin.is_superuser = True
    county_admin.save()
    url = reverse("admin:members_member_changelist") + query
    # session, user; the committee and branch filters' choices; the work cities (an
    # index walk); the capped count; the page of members with their branch; the scope.
    _twice(client_for(county_admin), url, grow, django_assert_num_queries, SESSION_AND_USER + 6)
