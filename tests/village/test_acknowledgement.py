"""签收: the home village acknowledges its members' reports; both sides see the ones that
waited more than 15 days."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from shuangbao.acknowledgements import acknowledge_report, overdue_acknowledgements, reports_to_acknowledge
from shuangbao.models import Report

TODAY = datetime.date(2026, 5, 20)


def report_of(member, submitted_on, period_start=datetime.date(2026, 4, 1)):
    return Report.objects.create(
        member=member, period_start=period_start, submitted_on=submitted_on, channel="wechat", summary="思想汇报"
    )


@pytest.fixture
def reports(villagers):
    return {
        "fresh": report_of(villagers["guangdong"], datetime.date(2026, 5, 10)),
        # Submitted on 2026-05-05: exactly 15 days before the 20th, not yet overdue.
        "boundary": report_of(villagers["shenzhen"], datetime.date(2026, 5, 5)),
        "old": report_of(villagers["zhejiang"], datetime.date(2026, 5, 4)),
        "other_village": report_of(villagers["other_village"], datetime.date(2026, 4, 1)),
    }


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_the_village_lists_its_reports_and_those_past_15_days(village_secretary, reports):
    waiting = list(reports_to_acknowledge(village_secretary))
    assert waiting == [reports["old"], reports["boundary"], reports["fresh"]]
    assert list(overdue_acknowledgements(village_secretary)) == [reports["old"]]


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_the_branch_sees_its_members_reports_waiting_at_home(secretary2, reports):
    assert list(overdue_acknowledgements(secretary2)) == []
    with time_machine.travel("2026-05-21 10:00 +0800", tick=False):
        assert list(overdue_acknowledgements(secretary2)) == [reports["boundary"]]


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_acknowledging_records_who_when_and_the_note(village_secretary, reports):
    village_secretary.first_name = "韩支书"
    village_secretary.save()
    acknowledge_report(reports["old"], village_secretary, note="已阅，望继续发挥作用")
    report = Report.objects.get(pk=reports["old"].pk)
    assert (report.acknowledged_by, report.acknowledged_on, report.acknowledged_by_user) == (
        "韩支书",
        TODAY,
        village_secretary,
    )
    assert report.acknowledgement_note == "已阅，望继续发挥作用" and report.acknowledged_at is not None
    assert report.history.order_by("-history_id").first().history_user == village_secretary
    with pytest.raises(ValidationError, match="已由"):
        acknowledge_report(report, village_secretary)


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_a_page_acknowledges_and_someone_elses_report_is_a_404_with_nothing_written(client, village_secretary, reports):
    client.force_login(village_secretary)
    response = client.post(f"/village/reports/{reports['old'].pk}/acknowledge/", {"note": "已阅"}, follow=True)
    assert "已签收" in response.content.decode()
    assert Report.objects.get(pk=reports["old"].pk).acknowledged_on == TODAY
    response = client.post(f"/village/reports/{reports['other_village'].pk}/acknowledge/", {"note": "已阅"})
    assert response.status_code == 404
    assert Report.objects.get(pk=reports["other_village"].pk).acknowledged_on is None


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_a_note_too_long_is_refused_in_chinese(client, village_secretary, reports):
    client.force_login(village_secretary)
    response = client.post(f"/village/reports/{reports['old'].pk}/acknowledge/", {"note": "长" * 201}, follow=True)
    assert "200" in response.content.decode()
    assert Report.objects.get(pk=reports["old"].pk).acknowledged_on is None


def test_a_branch_secretary_cannot_acknowledge(secretary1, villagers):
    report = report_of(villagers["guangdong"], datetime.date(2026, 4, 2))
    with pytest.raises(ValidationError):
        acknowledge_report(report, secretary1)


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_the_list_takes_constant_queries(client, village_secretary, villagers, django_assert_max_num_queries):
    client.force_login(village_secretary)
    from tests.factories import MemberFactory

    def add(count, start):
        for index in range(start, start + count):
            member = MemberFactory(
                branch=villagers["guangdong"].branch, home_organisation=villagers["guangdong"].home_organisation
            )
            report_of(member, datetime.date(2026, 4, 1) + datetime.timedelta(days=index % 40))

    add(5, 0)
    with django_assert_max_num_queries(20) as few:
        client.get("/village/reports/")
    add(30, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/village/reports/")
