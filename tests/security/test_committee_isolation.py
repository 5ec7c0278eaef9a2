"""Two committees in one county: the staff of one never reach the other's records.

The sweep checks every URL for committee 2's staff against branch 1's planted records;
these tests add what it does not open: committee 1's committee-wide records (shared by
design with all of committee 1's branches, never with another committee), and the
figures of the count-only pages, counted from the world's own members.
"""

import pytest
from django.urls import reverse

from tests.security.test_permission_sweep import request_as

pytestmark = pytest.mark.django_db

# The sweep's world: branch 1 has the planted member, the one who never checked in, a
# plain member, the village persona's member (乡亲甲) and a directly managed member on the
# roll (its member 失联 and the one 待接收 are not counted); branch 2 three members and the
# member persona's own file; committee 2's branch three and the village persona's other
# member (乡亲乙).
MEMBERS = {"branch1": 5, "branch2": 4, "committee1": 9, "committee2": 4, "county": 13}

COMMITTEE_WIDE_PAGES = [
    ("assistance:campaign_detail", "assistance.campaign:committee"),
    ("shuangbao:task_detail", "shuangbao.task:committee"),
    ("assistance:return_post_detail", "assistance.returnpost"),
]


@pytest.mark.parametrize(("name", "key"), COMMITTEE_WIDE_PAGES)
def test_a_committee_wide_record_is_read_by_every_branch_of_its_committee_and_nobody_else(world, name, key):
    url = reverse(name, args=[world.pk(key)])
    text, _scope = world.probes[key]
    for persona in ("branch1", "branch2", "committee1", "county"):
        response = request_as(world, persona, "GET", url)
        assert response.status_code == 200 and text in response.content.decode(), persona
    response = request_as(world, "committee2", "GET", url)
    assert response.status_code == 404 and text not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("assistance:campaign_update", "assistance.campaign:committee"),
        ("assistance:project_update", "assistance.investmentproject:committee"),
        ("members:import_preview", "members.importbatch"),
    ],
)
def test_committee_2_s_staff_cannot_open_committee_1_s_committee_records(world, name, key):
    url = reverse(name, args=[world.pk(key)])
    assert request_as(world, "committee1", "GET", url).status_code == 200
    assert request_as(world, "committee2", "GET", url).status_code == 404
    assert request_as(world, "committee2", "POST", url, {"name": "改名"}).status_code == 404


@pytest.mark.parametrize("persona", list(MEMBERS))
def test_the_count_only_pages_count_the_user_s_own_committee(world, persona):
    expected = MEMBERS[persona]
    totals = request_as(world, persona, "GET", reverse("dashboard:index")).context["totals"]
    assert totals["total"] == expected
    report = request_as(world, persona, "GET", reverse("dashboard:profile")).context["report"]
    assert report.totals["total"] == expected
    assert request_as(world, persona, "GET", reverse("dashboard:origin")).context["table"].total == expected
    chart = reverse("dashboard:chart", args=["members-by-branch"])
    table = request_as(world, persona, "GET", chart).context["table"]
    assert table.grand_total == expected


def test_committee_2_s_branch_list_and_charts_name_its_own_branch_only(world):
    chart = reverse("dashboard:chart", args=["members-by-branch"])
    assert [row.label for row in request_as(world, "committee2", "GET", chart).context["table"].rows] == ["湖州党支部"]
    listed = request_as(world, "committee2", "GET", reverse("dashboard:branch_list")).context["page_obj"]
    assert [branch.name for branch in listed] == ["湖州党支部"]
