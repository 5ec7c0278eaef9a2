import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from branches.models import StaffScope
from branches.roles import Role
from members.models import Honor, Post, PostTitle
from tests.factories import MemberFactory, TaskFactory, UserFactory


def test_id_number_is_unique(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(id_number=alice.id_number, branch=alice.branch)


def test_unique_id_number_gives_a_chinese_message_in_validation(alice):
    twin = MemberFactory.build(id_number=alice.id_number, branch=alice.branch)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "身份号码" in str(error.value)


def test_full_membership_cannot_precede_joining(branch1):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(
            branch=branch1, joined_party_on=datetime.date(2010, 7, 1), full_member_on=datetime.date(2009, 7, 1)
        )
    member = MemberFactory.build(
        branch=branch1, joined_party_on=datetime.date(2010, 7, 1), full_member_on=datetime.date(2009, 7, 1)
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "full_member_on" in error.value.message_dict


def test_dates_in_the_future_are_refused(branch1):
    member = MemberFactory.build(branch=branch1, left_home_on=timezone.localdate() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "left_home_on" in error.value.message_dict


# 00:30 on 1 January 2027 in Anren, 16:30 on New Year's Eve in UTC, the machine's clock in UTC.
@pytest.mark.time_machine(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC), tick=False)
def test_today_and_tomorrow_are_anrens_whatever_the_machines_time_zone(branch1):
    MemberFactory.build(branch=branch1, left_home_on=datetime.date(2027, 1, 1)).full_clean()
    member = MemberFactory.build(branch=branch1, left_home_on=datetime.date(2027, 1, 2))
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "left_home_on" in error.value.message_dict


def test_member_id_number_is_normalised_by_clean(branch1):
    member = MemberFactory.build(
        branch=branch1, id_number="１１０１０５19491231002x", birth_date=datetime.date(1949, 12, 31)
    )
    member.full_clean()
    assert member.id_number == "11010519491231002X"


def test_a_post_has_one_current_holder_per_branch(alice, branch1):
    Post.objects.create(member=alice, branch=branch1, title=PostTitle.SECRETARY, started_on=datetime.date(2021, 7, 1))
    other = MemberFactory(branch=branch1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(
            member=other, branch=branch1, title=PostTitle.SECRETARY, started_on=datetime.date(2022, 1, 1)
        )
    # Once the first term ends, the post is free again.
    Post.objects.filter(member=alice).update(ended_on=datetime.date(2021, 12, 31))
    Post.objects.create(member=other, branch=branch1, title=PostTitle.SECRETARY, started_on=datetime.date(2022, 1, 1))


def test_a_post_cannot_end_before_it_starts(alice, branch1):
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(
            member=alice,
            branch=branch1,
            title=PostTitle.DEPUTY_SECRETARY,
            started_on=datetime.date(2021, 7, 1),
            ended_on=datetime.date(2020, 1, 1),
        )


def test_an_honour_goes_to_a_member_or_a_branch_not_both(alice, branch1):
    with pytest.raises(IntegrityError), transaction.atomic():
        Honor.objects.create(member=alice, branch=branch1, title="优秀共产党员", awarded_by="县委", year=2021)
    with pytest.raises(IntegrityError), transaction.atomic():
        Honor.objects.create(title="优秀共产党员", awarded_by="县委", year=2021)


def test_a_task_is_due_after_it_opens(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(committee=committee, opens_on=datetime.date(2026, 5, 1), due_on=datetime.date(2026, 4, 1))


def test_a_staff_scope_matches_its_role(branch1, committee):
    user = UserFactory(username="mismatch")
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffScope.objects.create(user=user, role=Role.BRANCH_SECRETARY, committee=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffScope.objects.create(user=user, role=Role.AUDITOR, branch=branch1)
    StaffScope.objects.create(user=user, role=Role.BRANCH_SECRETARY, branch=branch1)


def test_member_changes_are_kept_in_history(alice):
    alice.employer = "东莞亿等新能源有限公司"
    alice.save()
    assert alice.history.count() == 2
    assert alice.history.first().employer == "东莞亿等新能源有限公司"
