"""报告登记表: the period's reports of many members on one screen, saved together through the same
rules as one report at a time; one refused row and nothing is saved."""

import datetime

import pytest
from django.urls import reverse

from shuangbao.models import Report
from shuangbao.rules import current_period
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(branch1, branch2):
    return {
        "branch1": MemberFactory.create_batch(3, branch=branch1, category="mobile"),
        "branch2": MemberFactory.create_batch(1, branch=branch2, category="mobile"),
    }


def ticked(members, on, channel="wechat"):
    data = {"summary": "报告思想、工作、学习和生活情况"}
    for member in members:
        data |= {f"report_{member.pk}": "on", f"channel_{member.pk}": channel, f"on_{member.pk}": on}
    return data


def test_three_reports_are_recorded_at_once_and_leave_the_grid(client_for, secretary1, due, today):
    period = current_period(due["branch1"][0].branch.committee, today)
    client = client_for(secretary1)
    page = client.get(reverse("shuangbao:report_grid"))
    assert [row["member"] for row in page.context["rows"]] == due["branch1"]  # branch 2's are not there
    response = client.post(reverse("shuangbao:report_grid"), ticked(due["branch1"], f"{today:%Y-%m-%d}"))
    assert response.status_code == 302
    reports = Report.objects.filter(period_start=period.start)
    assert {report.member for report in reports} == set(due["branch1"])
    assert all(report.recorded_by == secretary1 and report.history.count() == 1 for report in reports)
    assert client.get(reverse("shuangbao:report_grid")).context["rows"] == []


def test_one_refused_row_and_nothing_is_saved_with_the_reason_on_its_row(client_for, secretary1, due, today):
    period = current_period(due["branch1"][0].branch.committee, today)
    first, second, third = due["branch1"]
    data = ticked([first, third], f"{today:%Y-%m-%d}") | ticked(
        [second], f"{period.start - datetime.timedelta(days=1):%Y-%m-%d}"
    )
    response = client_for(secretary1).post(reverse("shuangbao:report_grid"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "未保存任何记录" in text
    (refused,) = [row for row in response.context["rows"] if row["error"]]
    assert refused["member"] == second and "不能早于该报告期开始" in refused["error"]
    assert not Report.objects.exists()


def test_another_branchs_member_cannot_be_ticked_by_a_forged_field(client_for, secretary1, due, today):
    response = client_for(secretary1).post(
        reverse("shuangbao:report_grid"), ticked(due["branch2"], f"{today:%Y-%m-%d}")
    )
    assert response.status_code == 200 and "请勾选" in response.content.decode()
    assert not Report.objects.exists()


def test_the_auditor_records_nothing(client_for, auditor, due, today):
    assert client_for(auditor).get(reverse("shuangbao:report_grid")).status_code == 403
