"""The PostgreSQL-only fast paths, on PostgreSQL: the character-gram search (members.0003),
the ID-tail index (members.0005) and the loose index scan for filter choices.

On SQLite these paths are not taken (members.search scans instead), so these tests skip
there; CI runs the suite on both databases. Each test checks that the fast path is the
one PostgreSQL takes (the index in the plan, with sequential scans priced out, as on a
roster of 100,000 where the planner prefers them by itself) and that it answers what a
plain scan answers.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Member
from members.search import distinct_values, search_members
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL-only fast paths (gram and ID-tail indexes, loose index scan): set DATABASE_URL",
    ),
]


@pytest.fixture
def people(branch1, branch2):
    names = ["谭建国", "谭建", "李建国", "王芳", "欧阳玲桂"]
    cities = ["东莞", "深圳", "东莞", "佛山", ""]
    return [
        MemberFactory(name=name, branch=(branch1, branch2)[index % 2], work_city=city, employer=f"{name}的工厂")
        for index, (name, city) in enumerate(zip(names, cities, strict=True))
    ]


def plan(queryset_or_sql, params=()):
    """PostgreSQL's plan with sequential scans priced out, as text (a queryset without its
    order: on a handful of rows the planner would rather walk the index of the order)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if isinstance(queryset_or_sql, str):
            cursor.execute(f"EXPLAIN {queryset_or_sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
    return queryset_or_sql.order_by().explain()


def test_the_migrations_made_the_gram_function_and_the_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT anren_grams('谭建A')")
        assert sorted(cursor.fetchone()[0]) == sorted(["谭", "建", "a", "谭建", "建a"])
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'members_member'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"member_name_grams", "member_employer_grams", "member_phone_grams"} <= indexes
    assert "member_id_number_reversed" in indexes


def test_a_two_character_search_is_answered_by_the_gram_indexes(people):
    found = search_members(Member.objects.all(), "建国")
    assert "anren_grams" in str(found.query)
    assert sorted(found.values_list("name", flat=True)) == ["李建国", "谭建国"]
    # The same answer as a plain scan of the name and the employer.
    scanned = Member.objects.filter(name__icontains="建国") | Member.objects.filter(employer__icontains="建国")
    assert set(found.values_list("pk", flat=True)) == set(scanned.values_list("pk", flat=True))
    text = plan(found)
    assert "member_name_grams" in text and "member_employer_grams" in text


def test_digits_are_answered_by_the_phone_grams_and_the_id_tail_index(people):
    wang = people[3]
    # An ID number that ends in digits (a check digit X would make the value no phone
    # digits): the factory's numbers end in X one time in eleven.
    wang.id_number = "431028198505209971"
    wang.save(update_fields=["id_number"])
    tail = wang.id_number[-6:]  # more than the last 4: a search for those with the right
    found = search_members(Member.objects.all(), tail, full_id=True)
    assert [member.name for member in found] == ["王芳"]
    text = plan(found)
    assert "member_id_number_reversed" in text and "member_phone_grams" in text


def test_the_filter_choices_walk_the_index_one_value_at_a_time(people, secretary1):
    with CaptureQueriesContext(connection) as captured:
        cities = distinct_values(Member.objects.all(), "work_city")
    assert cities == ["东莞", "佛山", "深圳"]
    (query,) = captured.captured_queries
    assert query["sql"].startswith("WITH RECURSIVE walk")
    assert "member_work_city" in plan(query["sql"])
    # The same answer as SELECT DISTINCT, within a user's scope too.
    scoped = Member.objects.visible_to(secretary1)
    distinct = scoped.exclude(work_city="").order_by("work_city").values_list("work_city", flat=True).distinct()
    assert distinct_values(scoped, "work_city") == list(distinct) == ["东莞"]
