import datetime
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from dashboard.profile import profile_of, years_before
from dashboard.tables import CHARTS
from members.models import Member, MemberStatus
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", CHARTS)
def test_a_chart_drawing_carries_no_script_that_the_csp_would_block(client_for, secretary1, alice, slug):
    """pygal writes its config as an inline <script> even with js=[]: opened on its own,
    the SVG is a document, and the Content-Security-Policy refuses inline scripts."""
    response = client_for(secretary1).get(reverse("dashboard:chart_svg", args=[slug]))
    svg = response.content.decode()
    assert response.status_code == 200 and svg.startswith("<svg")
    assert "<script" not in svg and "window.pygal" not in svg


def test_an_unknown_chart_is_a_404(client_for, county_admin):
    assert client_for(county_admin).get("/statistics/charts/no-such-chart/").status_code == 404


def test_age_and_party_standing_are_counted_on_the_chosen_day(branch1):
    MemberFactory(
        branch=branch1,
        birth_date=datetime.date(1990, 6, 1),
        joined_party_on=datetime.date(2015, 7, 1),
        full_member_on=datetime.date(2016, 7, 1),
    )
    members = Member.objects.all()
    then = profile_of(members, datetime.date(2020, 5, 31))
    assert then["total"] == 1
    assert then["age_0"] == 1  # 29: 30 and under
    assert then["party_years_0"] == 1  # 3 years since becoming a full member
    later = profile_of(members, datetime.date(2026, 6, 1))
    assert later["age_2"] == 1  # just 36
    assert later["party_years_1"] == 1  # 9 years: 6–10
    before_joining = profile_of(members, datetime.date(2015, 6, 30))
    assert before_joining["total"] == 0


def test_a_member_is_probationary_until_the_day_they_became_a_full_member(branch1):
    MemberFactory(branch=branch1, joined_party_on=datetime.date(2025, 7, 1), full_member_on=datetime.date(2026, 7, 1))
    during = profile_of(Member.objects.all(), datetime.date(2026, 6, 30))
    assert (during["standing_full"], during["standing_probationary"], during["party_years_none"]) == (0, 1, 1)
    after = profile_of(Member.objects.all(), datetime.date(2026, 7, 1))
    assert (after["standing_full"], after["standing_probationary"], after["party_years_0"]) == (1, 0, 1)


def test_the_profile_counts_the_members_on_the_roll_as_every_board_does(branch1):
    # 在册 only: a file transferred out, lost or suspended is kept but no longer counted.
    for status in (MemberStatus.TRANSFERRED, MemberStatus.LOST_CONTACT, MemberStatus.SUSPENDED):
        MemberFactory(branch=branch1, status=status)
    MemberFactory(branch=branch1)
    counts = profile_of(Member.objects.all(), datetime.date(2026, 1, 1))
    assert counts["total"] == counts["category_mobile"] == 1
    assert not any(key.startswith("status_") for key in counts)


def test_a_29_february_birthday_counts_from_28_february_in_other_years():
    assert years_before(datetime.date(2024, 2, 29), 1) == datetime.date(2023, 2, 28)


def test_a_date_in_the_future_is_refused_in_chinese_and_today_is_used(client_for, county_admin, alice):
    response = client_for(county_admin).get("/statistics/", {"on": "2099-01-01"})
    assert "日期不能晚于今天" in response.content.decode()
    assert response.context["report"].totals["total"] == 1


def test_the_report_page_prints_on_a4_landscape_and_offers_the_xlsx_of_the_chosen_day(client_for, county_admin, alice):
    page = client_for(county_admin).get("/statistics/", {"on": "2024-12-31"}).content.decode()
    assert "党员队伍基本情况统计表" in page and "2024年12月31日" in page
    assert "/statistics/profile.xlsx?on=2024-12-31" in page
    assert "css/statistics.css" in page and "data-print" in page
    assert "size: A4 landscape" in Path(finders.find("css/statistics.css")).read_text(encoding="utf-8")


def test_an_export_of_a_chart_is_logged(client_for, secretary1, alice):
    client_for(secretary1).get("/statistics/charts/members-by-branch.xlsx")
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.action, entry.username, entry.details["what"]) == (
        Action.EXPORT,
        "secretary1",
        "statistics.chart.members-by-branch",
    )


def test_the_branch_list_searches_and_filters_by_city(client_for, county_admin, branch1, branch2):
    client = client_for(county_admin)
    names = lambda response: [branch.name for branch in response.context["page_obj"]]  # noqa: E731
    assert names(client.get("/branches/", {"city": "深圳"})) == ["第二党支部"]
    assert names(client.get("/branches/", {"q": "第一"})) == ["第一党支部"]
    page = client.get("/branches/").content.decode()
    assert "查询" in page and "重置" in page and "导出" in page and "新增" in page


def test_a_secretary_is_not_offered_to_add_a_branch(client_for, secretary1):
    assert "新增" not in client_for(secretary1).get("/branches/").content.decode()


def test_the_branch_export_is_a_workbook_of_the_users_branches(client_for, secretary1, alice, bob):
    response = client_for(secretary1).get("/branches/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == ["第一党支部"]


def test_the_printed_report_carries_the_reporting_unit_preparer_reviewer_and_date(
    client_for, committee_staff, committee
):
    """填报单位 / 填表人 / 审核人 / 填报日期 on the page and in the xlsx."""
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    committee_staff.first_name = "刘干事"
    committee_staff.save()
    client = client_for(committee_staff)
    page = client.get("/statistics/?reviewer=陈书记").content.decode()
    lines = page.split('id="report-signatures"', 1)[1].split("</div>", 1)[0]
    for text in ("填报单位", str(committee), "填表人", "刘干事", "审核人", "陈书记", "填报日期"):
        assert text in lines, text
    assert f"{timezone.localdate():%Y-%m-%d}" in lines
    workbook = load_workbook(io.BytesIO(client.get("/statistics/profile.xlsx?reviewer=陈书记").content))
    texts = [cell.value for row in workbook.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("填表人：刘干事" in text and "审核人：陈书记" in text for text in texts)


def test_a_branchs_own_dashboard_draws_no_one_bar_chart_by_branch(
    client_for, secretary1, county_admin, branch1, branch2
):
    charts = {chart.slug for chart in client_for(secretary1).get("/").context["charts"]}
    assert "members-by-branch" not in charts and "meeting-compliance" not in charts
    assert "members-by-age" in charts
    county = {chart.slug for chart in client_for(county_admin).get("/").context["charts"]}
    assert {"members-by-branch", "meeting-compliance"} <= county


def test_on_a_phone_long_branch_names_lie_down_and_months_are_thinned(committee):
    """At 390 px no axis label runs into another: bars named by branch turn horizontal (the
    names on the y axis), and slanted month labels are drawn every second month."""
    import re

    from dashboard.charts import render_svg
    from dashboard.tables import CHARTS, Row, Table

    def y_axis(svg):
        return svg.split('class="axis x', 1)[0]

    def axis_labels(svg):
        labels = []
        for label in re.findall(r">(2026年\d+月)<", svg):
            if label in labels:  # the tooltips repeat them after the axis
                break
            labels.append(label)
        return labels

    branches = Table(
        headers=["支部", "直管", "流动"], rows=[Row(f"第{n}党支部", [1, 2]) for n in "一二三四五六七八九十"]
    )
    assert "第十党支部" in y_axis(render_svg(CHARTS["members-by-branch"], branches, "narrow"))
    assert "第十党支部" not in y_axis(render_svg(CHARTS["members-by-branch"], branches, "wide"))
    months = Table(headers=["月", "报到", "报告"], rows=[Row(f"2026年{n}月", [n, n]) for n in range(1, 13)])
    assert axis_labels(render_svg(CHARTS["monthly-activity"], months, "narrow")) == [
        f"2026年{n}月" for n in (1, 3, 5, 7, 9, 11)
    ]
    assert len(axis_labels(render_svg(CHARTS["monthly-activity"], months, "wide"))) == 12
