"""转回流出地: a help request referred to the member's village; the village logs what it did
and closes its part; both sides read one history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assistance.models import HelpAction, HelpRequest, HelpStatus
from assistance.referrals import close_home_part, open_referrals, record_home_action
from assistance.services import take_in_help_request, transition_help_request


@pytest.fixture
def case(villagers, secretary1):
    case = HelpRequest(
        member=villagers["guangdong"],
        branch=villagers["guangdong"].branch,
        category="elderly",
        location="hometown",
        story="母亲独居老家，行动不便",
        received_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    take_in_help_request(case, secretary1)
    return case


def refer(case, user, home):
    return transition_help_request(case, HelpStatus.REFERRED, user, "转回村里", referred_home=home)


def test_a_referral_home_puts_the_case_on_the_villages_list_only(
    case, secretary1, village_secretary, xinzhou, township_staff
):
    assert list(open_referrals(village_secretary)) == []
    refer(case, secretary1, xinzhou)
    case.refresh_from_db()
    assert case.referred_to == xinzhou.full_name and case.referred_home_on == timezone.localdate()
    assert list(open_referrals(village_secretary)) == [case]
    assert list(open_referrals(township_staff)) == [case]


def test_the_village_logs_and_closes_its_part_and_the_branch_reads_it(
    client, case, secretary1, village_secretary, xinzhou
):
    refer(case, secretary1, xinzhou)
    today = timezone.localdate()
    record_home_action(case, village_secretary, "村干部上门看望老人", today)
    close_home_part(case, village_secretary, "已安排邻居照看，村医每周上门", today)
    case.refresh_from_db()
    assert case.home_closed_on == today and case.status == HelpStatus.REFERRED
    assert list(open_referrals(village_secretary)) == []
    log = list(case.actions.values_list("description", "by_home"))
    assert log[-2:] == [("村干部上门看望老人", True), ("流出地已办结本村部分：已安排邻居照看，村医每周上门", True)]
    client.force_login(secretary1)
    page = client.get(f"/assistance/help-requests/{case.pk}/").content.decode()
    assert "村干部上门看望老人" in page and "已安排邻居照看" in page
    with pytest.raises(ValidationError):
        record_home_action(case, village_secretary, "再次看望", today)


def test_another_villages_case_is_a_404_and_nothing_is_written(client, case, secretary1, zhangmu, village_secretary):
    refer(case, secretary1, zhangmu)
    client.force_login(village_secretary)
    assert client.get(f"/village/referrals/{case.pk}/").status_code == 404
    response = client.post(f"/village/referrals/{case.pk}/close/", {"acted_on": timezone.localdate(), "outcome": "x"})
    assert response.status_code == 404
    assert HelpRequest.objects.get(pk=case.pk).home_closed_on is None


def test_referring_to_a_village_outside_the_list_is_refused_in_chinese(client, case, secretary1):
    client.force_login(secretary1)
    before = HelpAction.objects.count()
    response = client.post(
        f"/assistance/help-requests/{case.pk}/to/referred/",
        {"acted_on": timezone.localdate(), "referred_home": "987654", "note": "转回"},
    )
    assert response.status_code == 200
    assert "全县流出地党组织名录" in response.content.decode()
    assert HelpRequest.objects.get(pk=case.pk).status == HelpStatus.RECEIVED
    assert HelpAction.objects.count() == before


def test_a_township_is_not_a_place_to_refer_a_case(case, secretary1, township):
    with pytest.raises(ValidationError):
        refer(case, secretary1, township)
    assert HelpRequest.objects.get(pk=case.pk).status == HelpStatus.RECEIVED


def test_closing_needs_what_was_done_and_a_date_not_before_the_referral(case, secretary1, village_secretary, xinzhou):
    refer(case, secretary1, xinzhou)
    with pytest.raises(ValidationError):
        close_home_part(case, village_secretary, "  ", timezone.localdate())
    with pytest.raises(ValidationError):
        close_home_part(case, village_secretary, "已办", timezone.localdate() - datetime.timedelta(days=3))
    assert HelpRequest.objects.get(pk=case.pk).home_closed_on is None
