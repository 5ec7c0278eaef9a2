"""待确认: the secretary confirms members' own check-ins, one or many; awaiting_confirmation(user)."""

import pytest
from django.urls import reverse

from shuangbao.confirmations import awaiting_confirmation, confirm_check_ins, record_self_check_in
from shuangbao.models import CheckIn, CheckInStatus, CheckInWay
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def pending(member, branch):
    return record_self_check_in(member, branch=branch, way=CheckInWay.QR_LINK)


def test_awaiting_confirmation_is_scoped_to_the_secretarys_branch(
    secretary1, secretary2, committee_staff, carol, branch1, branch2
):
    into2 = pending(carol, branch2)
    into1 = pending(MemberFactory(branch=branch1, name="一支部党员"), branch1)
    assert list(awaiting_confirmation(secretary2)) == [into2]
    assert list(awaiting_confirmation(secretary1)) == [into1]
    assert set(awaiting_confirmation(committee_staff)) == {into1, into2}


def test_the_secretary_confirms_several_at_once_from_the_check_in_list(client, secretary2, carol, dave, branch2):
    first, second = pending(carol, branch2), pending(dave, branch2)
    client.force_login(secretary2, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("shuangbao:check_in_list") + "?status=pending").content.decode()
    assert "待确认" in body and "陈阿卡" in body and "刘阿德" in body
    response = client.post(reverse("shuangbao:check_in_confirm"), {"ids": [first.pk, second.pk]})
    assert response.status_code == 302
    for check_in in (first, second):
        check_in.refresh_from_db()
        assert check_in.status == CheckInStatus.CONFIRMED and check_in.confirmed_by == secretary2
        assert check_in.confirmed_at is not None
    assert not awaiting_confirmation(secretary2).exists()


def test_another_branchs_secretary_confirms_nothing(secretary1, carol, branch2):
    check_in = pending(carol, branch2)
    assert confirm_check_ins(secretary1, [check_in.pk]) == 0
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.PENDING


def test_a_confirmed_check_in_into_another_branch_moves_the_member_only_then(committee_staff, carol, branch1):
    check_in = pending(carol, branch1)
    carol.refresh_from_db()
    assert carol.branch.name == "第二党支部"
    assert confirm_check_ins(committee_staff, [check_in.pk]) == 1
    carol.refresh_from_db()
    assert carol.branch.name == "第一党支部"


def test_confirming_nothing_ticked_is_a_chinese_message(client, secretary2):
    client.force_login(secretary2, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("shuangbao:check_in_confirm"), {"ids": []}, follow=True)
    assert "请勾选" in response.content.decode()


def test_the_auditor_cannot_confirm(client, auditor, carol, branch2):
    check_in = pending(carol, branch2)
    client.force_login(auditor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("shuangbao:check_in_confirm"), {"ids": [check_in.pk]}).status_code == 403
    assert CheckIn.objects.get().status == CheckInStatus.PENDING
