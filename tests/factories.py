import collections
import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from branches.home import full_name_of
from branches.models import Branch, Committee, HomeOrganisation, StaffScope
from branches.roles import Role
from meetings.models import Meeting, MeetingKind
from members.id_number import make_id_number
from members.models import Category, Gender, Member
from shuangbao.models import Task, TaskCategory

_sequences = collections.defaultdict(itertools.count)


def valid_id_number(born=datetime.date(1985, 5, 20), male=True):
    """A fresh valid Anren ID number for this birth date and gender (unique across a run)."""
    number = next(_sequences[born, male])
    assert number < 500, "only 500 ID numbers per birth date and gender"
    return make_id_number("431028", born, number * 2 + (1 if male else 0))


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"中共安仁县驻广东地区流动委员会{n}")
    short_name = factory.Sequence(lambda n: f"流动党委{n}")
    region = "广东省"
    founded_on = datetime.date(2004, 7, 1)


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    committee = factory.SubFactory(CommitteeFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.ordinal}党支部")
    city = "东莞"
    founded_on = datetime.date(2005, 1, 1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Gender.MALE
    # Spread over many days: an ID number has room for 500 people per birth date and gender.
    birth_date = factory.Sequence(lambda n: datetime.date(1975, 1, 1) + datetime.timedelta(days=n % 4000))
    id_number = factory.LazyAttribute(lambda o: valid_id_number(o.birth_date, o.gender == Gender.MALE))
    phone = "13800138000"
    joined_party_on = datetime.date(2010, 7, 1)
    full_member_on = datetime.date(2011, 7, 1)
    category = Category.MOBILE
    branch = factory.SubFactory(BranchFactory)
    hometown_township = "永乐江镇"
    hometown_village = "新洲村"
    work_city = "东莞"
    left_home_on = datetime.date(2015, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def user_with_role(username, role, committee=None, branch=None, home_organisation=None):
    user = UserFactory(username=username)
    StaffScope.objects.create(
        user=user, role=role, committee=committee, branch=branch, home_organisation=home_organisation
    )
    return user


def member_account(member, username=None, password="correct-horse-battery"):
    """A member's own account (role member, issue 21), as an invitation would leave it."""
    user = UserFactory(username=username or f"member{member.pk}", is_staff=False, first_name=member.name)
    user.set_password(password)
    user.save()
    StaffScope.objects.create(user=user, role=Role.MEMBER, member=member)
    return user


def home_organisations(township="永乐江镇", villages=("新洲村", "樟木村")):
    """A township and villages of the county's list: the migration's, or made here after a
    test that flushed the database."""
    parent, _created = HomeOrganisation.objects.get_or_create(
        parent=None, name=township, defaults={"kind": "township", "full_name": full_name_of(township)}
    )
    found = [parent]
    for name in villages:
        village, _created = HomeOrganisation.objects.get_or_create(
            parent=parent,
            name=name,
            defaults={
                "kind": "community" if name.endswith("社区") else "village",
                "full_name": full_name_of(name, township),
            },
        )
        found.append(village)
    return found


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    branch = factory.SubFactory(BranchFactory)
    kind = MeetingKind.THEMED_DAY
    held_on = datetime.date(2026, 1, 15)
    topic = "重温入党誓词"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"任务{n}")
    category = TaskCategory.VOLUNTEER
    opens_on = datetime.date(2026, 1, 1)
    due_on = datetime.date(2026, 12, 31)
    capacity = 5


__all__ = [
    "BranchFactory",
    "CommitteeFactory",
    "MeetingFactory",
    "MemberFactory",
    "Role",
    "TaskFactory",
    "UserFactory",
    "member_account",
    "user_with_role",
    "valid_id_number",
]
