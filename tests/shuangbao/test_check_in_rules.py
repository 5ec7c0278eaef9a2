"""双报一领 follows the status: check-ins only for mobile members on the roll, and the grace
period after leaving home or moving (待报到 inside it, 未报到 after it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Category, Member, MemberStatus
from shuangbao.forms import CheckInForm
from shuangbao.models import CheckIn
from shuangbao.rules import CheckInState, not_checked_in, with_check_in_state
from shuangbao.services import record_check_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("status", [s for s in MemberStatus if s != MemberStatus.ACTIVE], ids=lambda s: s.value)
def test_a_check_in_for_a_file_not_on_the_roll_is_refused_in_chinese(branch1, secretary1, status):
    member = MemberFactory(branch=branch1, status=status)
    with pytest.raises(ValidationError) as error:
        record_check_in(member, branch=branch1, checked_in_on=D(2026, 1, 5), way="online", user=secretary1)
    assert "只有在册的流动党员" in error.value.message_dict["member"][0]
    assert not CheckIn.objects.exists()


def test_a_direct_member_never_moves_branch_by_a_check_in(branch1, branch2, committee_staff):
    direct = MemberFactory(branch=branch1, category=Category.DIRECT)
    with pytest.raises(ValidationError) as error:
        record_check_in(direct, branch=branch2, checked_in_on=D(2026, 1, 5), way="online", user=committee_staff)
    assert "组织关系转接" in error.value.message_dict["member"][0]
    direct.refresh_from_db()
    assert direct.branch == branch1 and not CheckIn.objects.exists()


def states(today):
    rows = with_check_in_state(not_checked_in(Member.objects.all()), today)
    return dict(rows.values_list("name", "check_in_state"))


def test_the_grace_period_ends_30_days_after_leaving_home(branch1):
    MemberFactory(branch=branch1, name="新出门", left_home_on=D(2026, 3, 1))
    # 30 days after 1 March is 31 March: still awaited that day, 未报到 the next.
    assert states(D(2026, 3, 31)) == {"新出门": CheckInState.AWAITED}
    assert states(D(2026, 4, 1)) == {"新出门": CheckInState.OVERDUE}


def test_the_grace_period_starts_again_after_a_move_and_follows_the_committee_setting(committee, branch1):
    MemberFactory(branch=branch1, name="刚调动", left_home_on=D(2015, 3, 1), branch_since=D(2026, 3, 1))
    assert states(D(2026, 3, 20)) == {"刚调动": CheckInState.AWAITED}
    committee.check_in_grace_days = 10
    committee.save()
    assert states(D(2026, 3, 11)) == {"刚调动": CheckInState.AWAITED}
    assert states(D(2026, 3, 12)) == {"刚调动": CheckInState.OVERDUE}


@pytest.mark.time_machine("2026-03-20 10:00 +0800", tick=False)
def test_the_board_shows_awaited_and_overdue_and_filters_them(client_for, secretary1, branch1):
    MemberFactory(branch=branch1, name="新出门", left_home_on=D(2026, 3, 1))
    MemberFactory(branch=branch1, name="老未报", left_home_on=D(2025, 3, 1))
    client = client_for(secretary1)
    page = client.get(reverse("shuangbao:not_checked_in")).content.decode()
    assert "待报到" in page and "未报到" in page
    awaited = client.get(reverse("shuangbao:not_checked_in"), {"state": "awaited"})
    assert [m.name for m in awaited.context["page_obj"]] == ["新出门"]
    overdue = client.get(reverse("shuangbao:not_checked_in"), {"state": "overdue"})
    assert [m.name for m in overdue.context["page_obj"]] == ["老未报"]


def test_the_check_in_form_offers_only_mobile_members_on_the_roll(branch1, secretary1):
    MemberFactory(branch=branch1, name="在册流动")
    MemberFactory(branch=branch1, name="已失联", status=MemberStatus.LOST_CONTACT)
    MemberFactory(branch=branch1, name="已去世", status=MemberStatus.DECEASED)
    MemberFactory(branch=branch1, name="直管党员", category=Category.DIRECT)
    offered = {member.name for member in CheckInForm(user=secretary1).fields["member"].queryset}
    assert offered == {"在册流动"}
