"""待办 on the dashboard: each role's items, counted, linked to the filtered list; the same
number of queries for 5 rows as for 500."""

import datetime

import pytest
import time_machine

from dashboard.todo import REGISTRY, Item, register
from members.models import Member
from shuangbao.services import claim_task
from tests.factories import MemberFactory, TaskFactory

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MORNING = datetime.datetime(2027, 3, 2, 10, 0, tzinfo=SHANGHAI)


def todo_of(response):
    return {row.item.key: row for row in response.context["todo"]}


def test_the_secretary_sees_the_branchs_items_counted_and_linked(client_for, secretary1, alice, bob, committee):
    task = TaskFactory(committee=committee, due_on=datetime.date(2027, 3, 5))
    claim_task(task, alice, claimed_on=datetime.date(2027, 2, 1), today=datetime.date(2027, 3, 1))
    with time_machine.travel(MORNING, tick=False):
        response = client_for(secretary1).get("/")
    rows = todo_of(response)
    assert rows["not_checked_in"].count == 1  # alice; bob is branch 2's
    assert rows["report_overdue"].count == 1
    assert rows["claim_due"].count == 1
    assert rows["not_checked_in"].url == f"/shuangbao/not-checked-in/?state=overdue&branch={alice.branch_id}"
    assert "reports_to_acknowledge" not in rows  # the village's side
    page = response.content.decode()
    assert "待办" in page and "超过报到期限未报到" in page and 'data-todo="claim_due"' in page


QUERIES = 63
CACHED = 24


def test_committee_staff_see_the_same_per_branch(client_for, committee_staff, alice, bob):
    with time_machine.travel(MORNING, tick=False):
        response = client_for(committee_staff).get("/")
    row = todo_of(response)["not_checked_in"]
    assert row.count == 2
    assert sorted((branch.name, count) for branch, count, _url in row.by_branch) == [
        ("第一党支部", 1),
        ("第二党支部", 1),
    ]
    assert f'data-branch="{alice.branch_id}"' in response.content.decode()


def test_an_item_added_to_the_registry_shows_on_the_dashboard(client_for, secretary1, alice, monkeypatch):
    monkeypatch.setitem(
        REGISTRY,
        "awaiting",
        Item("awaiting", "待确认的自助报到", "branch", lambda u, t: {alice.branch_id: 3}, lambda b: "/x/"),
    )
    rows = todo_of(client_for(secretary1).get("/"))
    assert rows["awaiting"].count == 3 and list(REGISTRY)[-1] == "awaiting"
    assert register  # the public way in


@pytest.mark.parametrize("extra", [5, 500])
def test_the_secretarys_dashboard_costs_the_same_queries_for_5_overdue_members_and_500(
    client_for, secretary1, branch1, extra, django_assert_num_queries
):
    Member.objects.bulk_create(MemberFactory.build(branch=branch1) for _ in range(extra))
    with time_machine.travel(MORNING, tick=False):
        client = client_for(secretary1)
        # Pinned, the first time (every count made and stored) and the next (from the cache):
        # the same numbers whatever the rows (test_query_counts names them).
        with django_assert_num_queries(QUERIES):
            response = client.get("/")
        with django_assert_num_queries(CACHED):
            client.get("/")
    assert todo_of(response)["not_checked_in"].count == extra
