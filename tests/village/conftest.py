import pytest

from branches.models import HomeOrganisation, HomeOrganisationKind
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, Role, home_organisations, user_with_role


@pytest.fixture
def township(db):
    """永乐江镇 with 新洲村 and 樟木村 (the migration's list, or made again after a flush)."""
    return home_organisations("永乐江镇", ("新洲村", "樟木村"))[0]


@pytest.fixture
def xinzhou(township):
    return HomeOrganisation.objects.get(parent=township, name="新洲村")


@pytest.fixture
def zhangmu(township):
    return HomeOrganisation.objects.get(parent=township, name="樟木村")


@pytest.fixture
def village_secretary(xinzhou):
    """新洲村党支部's secretary."""
    return user_with_role("village", Role.HOME_SECRETARY, home_organisation=xinzhou)


@pytest.fixture
def township_staff(township):
    return user_with_role("township", Role.HOME_SECRETARY, home_organisation=township)


@pytest.fixture
def zhejiang_branch(db):
    committee = CommitteeFactory(name="中共安仁县驻浙江地区流动委员会", short_name="驻浙江流动党委", region="浙江省")
    return BranchFactory(committee=committee, ordinal=1, name="湖州党支部", city="湖州")


@pytest.fixture
def villagers(branch1, branch2, zhejiang_branch, xinzhou, zhangmu):
    """新洲村's members in branch 1, branch 2 and a Zhejiang branch; one of 樟木村's in branch 1."""
    return {
        "guangdong": MemberFactory(name="新洲甲", branch=branch1, home_organisation=xinzhou),
        "shenzhen": MemberFactory(name="新洲乙", branch=branch2, home_organisation=xinzhou),
        "zhejiang": MemberFactory(name="新洲丙", branch=zhejiang_branch, home_organisation=xinzhou),
        "other_village": MemberFactory(name="樟木丁", branch=branch1, home_organisation=zhangmu),
    }


__all__ = ["HomeOrganisationKind"]
