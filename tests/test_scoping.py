import pytest

from assistance.models import HelpCategory, HelpLocation, HelpRequest
from branches.models import Branch, Committee
from members.models import Member
from shuangbao.models import Task
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, TaskFactory


@pytest.fixture
def stranger(db):
    """A member of another committee altogether."""
    other = BranchFactory(committee=CommitteeFactory(), ordinal=1, name="第一党支部")
    return MemberFactory(name="外委党员", branch=other)


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_county_admin_and_auditor_see_every_member(county_admin, auditor, alice, bob, stranger):
    assert names(Member.objects.visible_to(county_admin)) == {"王阿丽", "李阿博", "外委党员"}
    assert names(Member.objects.visible_to(auditor)) == {"王阿丽", "李阿博", "外委党员"}


def test_committee_staff_see_their_committee_only(committee_staff, alice, bob, stranger):
    assert names(Member.objects.visible_to(committee_staff)) == {"王阿丽", "李阿博"}


def test_branch_2s_secretary_cannot_see_branch_1s_member(secretary2, alice, bob):
    assert names(Member.objects.visible_to(secretary2)) == {"李阿博"}


def test_anonymous_and_unscoped_users_see_nothing(alice, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Member.objects.visible_to(AnonymousUser()).exists()
    plain = django_user_model.objects.create_user("plain", password="x" * 12)
    assert not Member.objects.visible_to(plain).exists()


def test_an_inactive_user_sees_nothing(secretary1, alice):
    secretary1.is_active = False
    secretary1.save()
    assert not Member.objects.visible_to(secretary1).exists()


def test_branches_and_committees_are_scoped(secretary1, committee_staff, branch1, branch2, stranger):
    assert list(Branch.objects.visible_to(secretary1)) == [branch1]
    assert set(Branch.objects.visible_to(committee_staff)) == {branch1, branch2}
    assert list(Committee.objects.visible_to(secretary1)) == [branch1.committee]


def test_a_secretary_sees_committee_wide_tasks_and_its_own(secretary1, committee, branch1, branch2):
    shared = TaskFactory(committee=committee, title="全委任务")
    own = TaskFactory(committee=committee, branch=branch1, title="一支部任务")
    TaskFactory(committee=committee, branch=branch2, title="二支部任务")
    TaskFactory(title="别的党委任务")
    assert set(Task.objects.visible_to(secretary1)) == {shared, own}


def test_help_requests_follow_the_handling_branch(secretary1, secretary2, alice, branch1):
    import datetime

    case = HelpRequest.objects.create(
        member=alice,
        branch=branch1,
        category=HelpCategory.WAGE_DISPUTE,
        location=HelpLocation.GUANGDONG,
        story="欠薪",
        received_on=datetime.date(2026, 1, 5),
    )
    assert list(HelpRequest.objects.visible_to(secretary1)) == [case]
    assert not HelpRequest.objects.visible_to(secretary2).exists()
