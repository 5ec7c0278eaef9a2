import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from assistance.models import InvestmentProject
from branches.models import Branch, Committee
from branches.roles import Role
from members.id_number import validate_id_number
from members.models import Category, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo, db):
    """The article's demo, seeded once for the module (tests/conftest.py)."""


def test_it_reproduces_the_articles_figures(seeded):
    committee = Committee.objects.get()
    assert committee.founded_on.year == 2004 and committee.founded_on.month == 7
    assert Branch.objects.count() == 11
    assert [b.name for b in Branch.objects.order_by("ordinal")][:3] == ["第一党支部", "第二党支部", "第三党支部"]
    assert Branch.objects.get(ordinal=11).name == "第十一党支部"
    assert Member.objects.count() == 588
    assert Member.objects.filter(category=Category.DIRECT).count() == 138
    assert Member.objects.filter(category=Category.MOBILE).count() == 450
    assert {"东莞", "佛山", "深圳", "广州", "韶关"} <= set(Branch.objects.values_list("city", flat=True))


def test_every_branch_has_direct_and_mobile_members(seeded):
    counts = Branch.objects.annotate(
        direct=Count("members", filter=Q(members__category=Category.DIRECT)),
        mobile=Count("members", filter=Q(members__category=Category.MOBILE)),
    )
    assert all(branch.direct > 0 and branch.mobile > 0 for branch in counts)
    assert sum(branch.direct + branch.mobile for branch in counts) == 588


def test_every_id_number_is_valid_and_from_anren(seeded):
    for id_number in Member.objects.values_list("id_number", flat=True):
        validate_id_number(id_number)
        assert id_number.startswith("431028")


def test_the_demo_accounts_exist_with_their_roles(seeded, django_user_model):
    roles = dict(django_user_model.objects.values_list("username", "staff_scope__role"))
    assert roles["admin"] == Role.COUNTY_ADMIN
    assert roles["committee"] == Role.COMMITTEE_STAFF
    assert roles["auditor"] == Role.AUDITOR
    assert roles["sysadmin"] == Role.SYSTEM_ADMIN
    assert all(roles[f"branch{n}"] == Role.BRANCH_SECRETARY for n in range(1, 12))
    branch3 = django_user_model.objects.get(username="branch3")
    assert branch3.staff_scope.branch.name == "第三党支部"
    assert branch3.check_password("anren2021demo")


def test_the_articles_projects_are_there(seeded):
    assert InvestmentProject.objects.count() == 23
    assert InvestmentProject.objects.get(name="安仁比卓电子信息项目").amount_wan == 25000


def test_it_refuses_a_non_empty_database_without_reset(seeded):
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0, if_empty=True)
    assert Member.objects.count() == 588


def test_the_domain_reviews_corrections_hold(seeded):
    """比卓 signed in July 2021 (“今年7月”); 先进基层党组织 is the committee's; the 3,000 元 in the
    周某某 case was a gift, not money recovered; nobody left home before the age of 16."""
    import datetime

    from assistance.models import HelpRequest
    from members.models import Honor

    assert InvestmentProject.objects.get(name="安仁比卓电子信息项目").signed_on == datetime.date(2021, 7, 15)
    honours = Honor.objects.filter(title="先进基层党组织")
    assert honours.count() == 2 and all(honour.committee_id and not honour.branch_id for honour in honours)
    assert HelpRequest.objects.get(requester_name="周某某夫妇").money_recovered in (None, 0)
    for born, left in Member.objects.exclude(left_home_on=None).values_list("birth_date", "left_home_on"):
        assert (left - born).days >= 16 * 365, (born, left)
