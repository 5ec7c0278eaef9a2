"""The fast paths give the same answers as the slow ones they replace."""

import pytest
from django.urls import reverse

from lib.pagination import CappedPaginator
from members.models import Member
from members.search import distinct_values, query_grams, search_members
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(branch1, branch2):
    return {
        "谭建国": MemberFactory(name="谭建国", branch=branch1, employer="东莞华通电子厂", phone="13912345678"),
        "谭建": MemberFactory(name="谭建", branch=branch1, employer="佛山陶瓷建材公司", phone="13800001111"),
        "李建国": MemberFactory(name="李建国", branch=branch2, employer="深圳ABC科技公司", phone="13700002222"),
        "王芳": MemberFactory(name="王芳", branch=branch2, employer="广州白云物流公司", phone="13600003333"),
    }


def _found(value):
    return sorted(search_members(Member.objects.all(), value, full_id=True).values_list("name", flat=True))


def test_a_two_character_search_finds_names_that_contain_it_anywhere(people):
    assert _found("谭建") == ["谭建", "谭建国"]
    assert _found("建国") == ["李建国", "谭建国"]
    assert _found("芳") == ["王芳"]


def test_a_search_matches_the_employer_without_regard_to_case(people):
    assert _found("华通") == ["谭建国"]
    assert _found("abc") == ["李建国"]


def test_digits_find_a_phone_number_and_characters_in_the_wrong_order_find_nothing(people):
    assert _found("2345") == ["谭建国"]
    assert _found("国建") == []


def test_the_last_digits_of_an_id_number_find_it_and_a_lower_case_x_counts(people):
    from members.id_number import make_id_number

    wang = people["王芳"]
    # A woman's number (even sequence) whose check digit is X.
    wang.id_number = next(
        number
        for sequence in range(998, 0, -2)
        if (number := make_id_number("431028", wang.birth_date, sequence)).endswith("X")
    )
    wang.save()
    tail = wang.id_number[-4:]
    assert tail.endswith("X")
    assert "王芳" in _found(tail.lower())
    tan = people["谭建"]
    assert _found(tan.id_number[-6:]) == ["谭建"]
    # No phone: its digits could hold the probe (13800001111 holds "0001", which the
    # middle of a number issued early in a run may be).
    Member.objects.filter(pk=tan.pk).update(phone="")
    assert "谭建" not in _found(tan.id_number[-5:-1])  # digits in the middle are not a tail


def test_the_index_is_asked_for_pairs_of_characters():
    assert query_grams("谭建国") == ["建国", "谭建"]
    assert query_grams("A") == ["a"]


def test_filter_choices_are_the_distinct_values_a_user_may_see(people, secretary1, county_admin):
    Member.objects.filter(name="王芳").update(work_city="深圳")
    Member.objects.filter(name="谭建").update(work_city="")
    assert distinct_values(Member.objects.visible_to(county_admin), "work_city") == ["东莞", "深圳"]
    Member.objects.filter(name="谭建国").update(work_city="佛山")
    assert distinct_values(Member.objects.visible_to(secretary1), "work_city") == ["佛山"]


def test_a_list_longer_than_the_cap_says_more_than_and_still_pages(client_for, county_admin, people, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr("lib.pagination.PAGE_SIZE", 2)
    response = client_for(county_admin).get(reverse("members:list"))
    text = response.content.decode()
    assert "超过 3 份档案" in text
    assert "前 2 页" in text
    assert client_for(county_admin).get(reverse("members:list") + "?page=2").status_code == 200


def test_a_short_list_gives_its_exact_count(client_for, secretary1, people):
    assert "2 份档案" in client_for(secretary1).get(reverse("members:list")).content.decode()


def test_the_member_admin_searches_two_characters_the_same_way(client_for, county_admin, people):
    county_admin.is_superuser = True
    county_admin.save()
    response = client_for(county_admin).get(reverse("admin:members_member_changelist") + "?q=建国")
    names = [member.name for member in response.context["cl"].result_list]
    assert sorted(names) == ["李建国", "谭建国"]
