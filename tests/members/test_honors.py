"""表彰 on the pages: a member's, a branch's, a committee's (its staff's and above), with history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Honor
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def honor_data(**recipient):
    return {"title": "优秀共产党员", "awarded_by": "中共安仁县委", "year": timezone.localdate().year, **recipient}


@pytest.fixture
def committee_honor(committee):
    return Honor.objects.create(committee=committee, title="先进基层党组织", awarded_by="中共郴州市委", year=2024)


def test_a_secretary_records_an_honour_for_its_member_from_the_members_page(client_for, secretary1, alice):
    client = client_for(secretary1)
    detail = client.get(reverse("members:detail", args=[alice.pk])).content.decode()
    create_url = reverse("members:honor_create") + f"?member={alice.pk}"
    assert f'href="{create_url}"' in detail
    form = client.get(create_url).context["form"]
    assert list(form.fields["member"].queryset) == [alice]  # chosen already
    assert "committee" not in form.fields  # a committee's honours are the committee's
    response = client.post(reverse("members:honor_create"), honor_data(member=alice.pk))
    assert response.status_code == 302 and response.url == reverse("members:detail", args=[alice.pk])
    honor = Honor.objects.get(member=alice)
    assert honor.history.get().history_user == secretary1
    assert "优秀共产党员" in client.get(reverse("members:detail", args=[alice.pk])).content.decode()


def test_an_honour_goes_to_exactly_one_recipient(client_for, committee_staff, alice, branch1, committee):
    client = client_for(committee_staff)
    for recipient in (
        {},
        {"member": alice.pk, "branch": branch1.pk},
        {"branch": branch1.pk, "committee": committee.pk},
    ):
        response = client.post(reverse("members:honor_create"), honor_data(**recipient))
        assert response.status_code == 200
        assert "表彰对象须为一名党员、一个支部或一个流动党委，三者选其一。" in response.content.decode()
    assert not Honor.objects.exists()


def test_the_year_lies_between_1921_and_this_year(client_for, secretary1, alice):
    client = client_for(secretary1)
    this_year = timezone.localdate().year
    for year in (1920, this_year + 1):
        response = client.post(reverse("members:honor_create"), honor_data(member=alice.pk) | {"year": year})
        assert f"年份须在 1921 至 {this_year} 之间。" in response.content.decode()
    for year in (1921, this_year):
        assert (
            client.post(reverse("members:honor_create"), honor_data(member=alice.pk) | {"year": year}).status_code
            == 302
        )
    assert Honor.objects.count() == 2


def test_committee_honours_are_for_committee_staff_and_above(
    client_for, secretary1, committee_staff, county_admin, committee, committee_honor
):
    secretary = client_for(secretary1)
    # A secretary reads its committee's honour on the list, without the editor links, and is
    # refused the editor and the removal (403: it sees the record, it may not change it).
    page = secretary.get(reverse("members:honor_list")).content.decode()
    assert "先进基层党组织" in page and reverse("members:honor_update", args=[committee_honor.pk]) not in page
    assert secretary.get(reverse("members:honor_update", args=[committee_honor.pk])).status_code == 403
    assert secretary.post(reverse("members:honor_delete", args=[committee_honor.pk])).status_code == 403
    # Posting a committee as recipient: the field is not the secretary's, so no recipient.
    response = secretary.post(reverse("members:honor_create"), honor_data(committee=committee.pk))
    assert response.status_code == 200 and not Honor.objects.filter(title="优秀共产党员").exists()
    committee_honor.refresh_from_db()
    assert committee_honor.title == "先进基层党组织"

    staff = client_for(committee_staff)
    response = staff.post(reverse("members:honor_create"), honor_data(committee=committee.pk))
    assert response.status_code == 302
    assert Honor.objects.filter(committee=committee, title="优秀共产党员").exists()
    response = client_for(county_admin).post(
        reverse("members:honor_update", args=[committee_honor.pk]),
        honor_data(committee=committee.pk) | {"title": "全省先进基层党组织"},
    )
    assert response.status_code == 302
    committee_honor.refresh_from_db()
    assert committee_honor.title == "全省先进基层党组织"


def test_another_committees_staff_neither_sees_nor_awards_our_honours(
    client_for, committee_honor, committee, alice, branch1
):
    from branches.roles import Role
    from tests.factories import BranchFactory, CommitteeFactory, user_with_role

    other = CommitteeFactory(name="中共安仁县驻浙江地区流动委员会")
    BranchFactory(committee=other, ordinal=1, name="湖州党支部")
    client = client_for(user_with_role("zhejiang", Role.COMMITTEE_STAFF, committee=other))
    assert "先进基层党组织" not in client.get(reverse("members:honor_list")).content.decode()
    assert client.get(reverse("members:honor_update", args=[committee_honor.pk])).status_code == 404
    for recipient in ({"member": alice.pk}, {"branch": branch1.pk}, {"committee": committee.pk}):
        assert client.post(reverse("members:honor_create"), honor_data(**recipient)).status_code == 200
    assert Honor.objects.count() == 1


def test_removing_an_honour_keeps_it_in_the_history(client_for, secretary1, alice):
    honor = Honor.objects.create(member=alice, title="优秀共产党员", awarded_by="中共安仁县委", year=2023)
    client = client_for(secretary1)
    assert "优秀共产党员" in client.get(reverse("members:honor_delete", args=[honor.pk])).content.decode()
    response = client.post(reverse("members:honor_delete", args=[honor.pk]))
    assert response.url == reverse("members:detail", args=[alice.pk])
    assert not Honor.objects.filter(pk=honor.pk).exists()
    removed = Honor.history.get(id=honor.pk, history_type="-")
    assert (removed.title, removed.history_user) == ("优秀共产党员", secretary1)


def test_the_branch_page_shows_and_links_its_honours(client_for, secretary1, secretary2, branch1):
    Honor.objects.create(branch=branch1, title="五好党支部", awarded_by="驻广东流动党委", year=2024)
    page = client_for(secretary1).get(reverse("dashboard:branch_detail", args=[branch1.pk])).content.decode()
    assert "五好党支部" in page
    assert reverse("members:honor_list") + f"?branch={branch1.pk}" in page
    # The list by branch: the branch's own honours and its members'.
    MemberFactory(name="赵阿戴", branch=branch1).honors.create(title="优秀党务工作者", awarded_by="县委", year=2024)
    rows = client_for(secretary1).get(reverse("members:honor_list"), {"branch": branch1.pk}).context["rows"]
    assert sorted(honor.title for honor in rows) == ["五好党支部", "优秀党务工作者"]
    assert client_for(secretary2).get(reverse("dashboard:branch_detail", args=[branch1.pk])).status_code == 404


def test_the_honour_list_costs_the_same_queries_for_5_rows_and_500(
    client_for, committee_staff, branch1, django_assert_num_queries
):
    def grow(count):
        members = MemberFactory.create_batch(count, branch=branch1)
        Honor.objects.bulk_create(Honor(member=m, title="优秀共产党员", awarded_by="县委", year=2024) for m in members)

    client = client_for(committee_staff)
    grow(5)
    # 1. session, 2. user, 3. scope, 4. count, 5. the scope's committee (the header), 6. the
    # branch choices of the filter, 7. the page of honours with member, branch and committee.
    with django_assert_num_queries(7):
        client.get(reverse("members:honor_list"))
    grow(495)
    with django_assert_num_queries(7):
        client.get(reverse("members:honor_list"))
