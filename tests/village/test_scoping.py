"""The village secretary (home_secretary) sees the members whose relation its branch holds,
wherever they are, and only them; a township's staff see all its villages."""

import pytest

from members.models import Member
from shuangbao.models import Report


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_a_village_sees_its_members_in_every_committee_and_branch_and_no_one_else(village_secretary, villagers):
    assert names(Member.objects.visible_to(village_secretary)) == ["新洲丙", "新洲乙", "新洲甲"]


def test_a_township_sees_all_its_villages(township_staff, villagers):
    assert names(Member.objects.visible_to(township_staff)) == ["新洲丙", "新洲乙", "新洲甲", "樟木丁"]


def test_a_branch_secretary_sees_none_of_anothers_villagers(secretary2, villagers):
    assert names(Member.objects.visible_to(secretary2)) == ["新洲乙"]


def test_a_village_sees_its_members_reports_only(village_secretary, villagers):
    for member in villagers.values():
        Report.objects.create(
            member=member, period_start="2026-01-01", submitted_on="2026-02-01", channel="wechat", summary="汇报"
        )
    assert sorted(r.member.name for r in Report.objects.visible_to(village_secretary)) == ["新洲丙", "新洲乙", "新洲甲"]


@pytest.mark.parametrize("url", ["/village/members/{pk}/"])
def test_another_villages_member_is_a_404(client, village_secretary, villagers, url):
    client.force_login(village_secretary)
    assert client.get(url.format(pk=villagers["guangdong"].pk)).status_code == 200
    assert client.get(url.format(pk=villagers["other_village"].pk)).status_code == 404


def test_the_branches_pages_are_closed_to_a_village(client, village_secretary, villagers):
    client.force_login(village_secretary)
    assert client.get("/members/").status_code == 403
    assert client.get(f"/members/{villagers['guangdong'].pk}/").status_code == 403
    assert client.get("/").url == "/village/"


def test_the_village_list_names_its_members_wherever_they_are(client, village_secretary, villagers):
    client.force_login(village_secretary)
    page = client.get("/village/members/").content.decode()
    assert all(name in page for name in ["新洲甲", "新洲乙", "新洲丙"])
    assert "樟木丁" not in page
    assert "湖州党支部" in page
    assert villagers["guangdong"].id_number not in page


def test_the_village_member_page_masks_the_id_number(client, village_secretary, villagers):
    client.force_login(village_secretary)
    member = villagers["zhejiang"]
    page = client.get(f"/village/members/{member.pk}/").content.decode()
    assert member.masked_id_number in page and member.id_number not in page


def test_the_village_list_takes_constant_queries(client, village_secretary, villagers, django_assert_max_num_queries):
    client.force_login(village_secretary)
    client.get("/village/members/")
    from tests.factories import MemberFactory

    for index in range(30):
        MemberFactory(
            name=f"新洲{index}",
            branch=villagers["guangdong"].branch,
            home_organisation=villagers["guangdong"].home_organisation,
        )
    with django_assert_max_num_queries(12) as few:
        client.get("/village/members/")
    count = len(few.captured_queries)
    for index in range(30, 60):
        MemberFactory(
            name=f"新洲{index}",
            branch=villagers["zhejiang"].branch,
            home_organisation=villagers["guangdong"].home_organisation,
        )
    with django_assert_max_num_queries(count):
        client.get("/village/members/")
