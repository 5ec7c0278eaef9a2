"""The dashboard and statistics against the article's demo data (588 = 138 + 450 in 11 branches)."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from assistance.models import HelpRequest
from audit.models import Action, AuditEntry
from branches.models import Branch, PairedVillage
from dashboard.profile import profile_report
from dashboard.tables import CHARTS
from meetings.models import Meeting
from members.models import Member, Post

pytestmark = pytest.mark.django_db

# Each chart's title as the customer reads it (a new chart needs a line here).
CHART_TITLES = {
    "members-by-branch": "各支部党员",
    "members-by-work-city": "党员工作城市分布",
    "members-by-age": "党员年龄结构",
    "members-by-education": "党员学历结构",
    "help-requests": "困难诉求类别与办理状态",
    "meeting-compliance": "本年度各支部组织生活达标情况",
    "funds-by-year": "历年筹集款物",
    "projects-by-year": "历年招商引资项目",
    "monthly-activity": "近12个月报到与报告",
}


def test_the_dashboard_shows_the_articles_588_members_138_direct_and_450_mobile(client_for, demo_user):
    response = client_for(demo_user("admin")).get("/")
    totals = response.context["totals"]
    assert (totals["total"], totals["direct"], totals["mobile"]) == (588, 138, 450)
    assert totals["full"] + totals["probationary"] == 588
    page = response.content.decode()
    for key, value in {"branches": 11, "members": 588, "direct": 138, "mobile": 450}.items():
        assert re.search(rf'data-kpi="{key}">\s*<div class="min-w-0"><div class="kpi-value">{value}<', page), key
    assert "在册党员" in page and "直管党员" in page and "流动党员" in page


def test_the_help_request_cards_count_open_cases_and_those_over_30_days(client_for, demo_user):
    help_requests = client_for(demo_user("admin")).get("/").context["help_requests"]
    # Counted here, case by case: open is received, in progress or referred (not yet
    # resolved or closed); overdue is open and received more than 30 days ago.
    today = timezone.localdate()
    cases = list(HelpRequest.objects.values_list("status", "received_on"))
    open_cases = [received for status, received in cases if status in {"received", "in_progress", "referred"}]
    overdue = [received for received in open_cases if (today - received).days > 30]
    assert help_requests["open"] == len(open_cases) > 0
    assert help_requests["overdue"] == len(overdue) > 0


def test_the_per_branch_figures_add_up_to_the_total(client_for, demo_user):
    admin = demo_user("admin")
    table = client_for(admin).get("/statistics/charts/members-by-branch/").context["table"]
    assert len(table.rows) == 11
    assert sum(row.total for row in table.rows) == table.grand_total == 588
    assert table.totals == [138, 450]

    report = profile_report(admin, timezone.localdate())
    for item in report.items:
        assert sum(counts[item.key] for _branch, counts in report.rows) == report.totals[item.key], item.key
    # Each subject's items add up to all members, so the printed form checks itself.
    for group in report.groups:
        assert sum(report.totals[item.key] for item in group.items) == 588, group.label


def test_branch7_sees_only_branch_7s_numbers(client_for, demo_user):
    branch7 = Branch.objects.get(ordinal=7)
    members = Member.objects.filter(branch=branch7, status="active")
    client = client_for(demo_user("branch7"))

    totals = client.get("/").context["totals"]
    assert totals["total"] == members.count() < 588
    assert totals["direct"] == members.filter(category="direct").count()

    table = client.get("/statistics/charts/members-by-branch/").context["table"]
    assert [row.label for row in table.rows] == ["第七党支部"]
    report = client.get("/statistics/").context["report"]
    assert [branch.name for branch, _counts in report.rows] == ["第七党支部"]
    assert report.totals["total"] == members.count()
    assert client.get("/statistics/origin/").context["table"].total == members.count()
    listed = client.get("/branches/").content.decode()
    assert "第七党支部" in listed and "第一党支部" not in listed


def test_a_branch_page_shows_its_officers_villages_meetings_and_tasks(client_for, demo_user):
    branch = Branch.objects.get(ordinal=4)
    response = client_for(demo_user("committee")).get(f"/branches/{branch.pk}/")
    page = response.content.decode()
    assert "第四党支部" in page and "书记" in page and "结对帮扶村" in page
    # Counted here from the branch's own rows: the holders of a post that has not ended …
    current_posts = Post.objects.filter(branch=branch, ended_on__isnull=True).values_list("pk", flat=True)
    assert sorted(post.pk for post in response.context["officers"]) == sorted(current_posts)
    # … every paired village (每个党支部精准对接1至2个贫困村) …
    villages = PairedVillage.objects.filter(branch=branch)
    assert {village.pk for village in response.context["villages"]} == set(villages.values_list("pk", flat=True))
    assert 1 <= villages.count() <= 2
    # … and the newest meetings, newest first, ten at most.
    held = sorted(Meeting.objects.filter(branch=branch).values_list("held_on", "pk"), reverse=True)
    assert [meeting.pk for meeting in response.context["meetings"]] == [pk for _held_on, pk in held[:10]]
    assert response.context["tasks"]
    figures = {item.key: count for group in response.context["profile"] for item, count in group.items}
    assert figures["total"] == Member.objects.filter(branch=branch, status="active").count()


def test_the_profile_xlsx_has_a_merged_title_chinese_headers_and_a_totals_row(client_for, demo_user):
    response = client_for(demo_user("admin")).get("/statistics/profile.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "党员队伍基本情况统计表"
    assert any(str(merged).startswith("A1:") for merged in sheet.merged_cells.ranges)
    assert (sheet["A3"].value, sheet["B3"].value) == ("党支部", "党员总数")
    assert "性别" in [cell.value for cell in sheet[3]] and "男" in [cell.value for cell in sheet[4]]
    totals_row = [cell.value for cell in sheet[4 + 11 + 1]]
    assert totals_row[0] == "合计" and totals_row[1] == 588
    assert sheet.page_setup.orientation == "landscape"
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.details["what"] == "statistics.profile" and entry.username == "admin"


@pytest.mark.parametrize("slug", list(CHARTS))
def test_every_chart_is_a_self_contained_svg_with_its_table_and_xlsx(client_for, demo_user, slug):
    client = client_for(demo_user("admin"))
    svg = client.get(f"/statistics/charts/{slug}.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    text = svg.content.decode()
    assert "kozea.github.io" not in text and "href=" not in text
    page = client.get(f"/statistics/charts/{slug}/").content.decode()
    assert CHART_TITLES[slug] in page and "合计" in page
    sheet = load_workbook(io.BytesIO(client.get(f"/statistics/charts/{slug}.xlsx").content)).active
    assert sheet.cell(row=sheet.max_row, column=1).value == "合计"


def test_the_origin_table_counts_every_member_once_and_links_each_cell_to_the_member_list(client_for, demo_user):
    client = client_for(demo_user("admin"))
    table = client.get("/statistics/origin/").context["table"]
    assert table.total == 588
    assert sum(total.count for _township, _cells, total in table.rows) == 588
    assert sum(cell.count for cell in table.column_totals) == 588
    township, cells, _total = table.rows[0]
    busiest = max(cells, key=lambda cell: cell.count)
    query = parse_qs(urlsplit(busiest.link).query)
    assert query["hometown_township"] == [township] and query["work_city"] == [table.columns[cells.index(busiest)]]
    assert client.get(busiest.link).status_code == 200
