"""The 双报一领 pages as secretaries, committee staff and the auditor use them."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from members.models import Member
from shuangbao.models import CheckIn, Report, Task, TaskClaim
from shuangbao.rules import current_period
from shuangbao.services import claim_task
from tests.factories import MemberFactory, TaskFactory
from tests.shuangbao.conftest import check_in

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

READ_PAGES = [
    "shuangbao:overview",
    "shuangbao:check_in_list",
    "shuangbao:not_checked_in",
    "shuangbao:report_board",
    "shuangbao:task_board",
]


@pytest.mark.parametrize("name", READ_PAGES)
def test_the_auditor_reads_every_board(client_for, auditor, alice, name):
    response = client_for(auditor).get(reverse(name))
    assert response.status_code == 200
    assert "新增" not in response.content.decode()  # no write buttons for a reader


def test_a_secretary_sees_only_the_own_branchs_check_ins_and_not_checked_in(client_for, secretary1, alice, bob, today):
    check_in(alice, today)
    check_in(bob, today)
    MemberFactory(branch=bob.branch, name="赵未报")
    client = client_for(secretary1)
    page = client.get(reverse("shuangbao:check_in_list")).content.decode()
    assert "王阿丽" in page and "李阿博" not in page
    page = client.get(reverse("shuangbao:not_checked_in")).content.decode()
    assert "赵未报" not in page and "流动党员均已报到" in page


# Red on every date of a quarter's last month before the duty to report ran from leaving home:
# alice left in 2015, and a check-in after the cut-off (30 November) made her 免报.
@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=False)
def test_a_secretary_records_a_check_in_from_the_members_page(client_for, secretary1, alice, today):
    client = client_for(secretary1)
    form = client.get(reverse("shuangbao:check_in_create") + f"?member={alice.pk}")
    assert form.context["form"].initial["member"] == alice
    response = client.post(
        reverse("shuangbao:check_in_create") + f"?member={alice.pk}",
        {"member": alice.pk, "branch": alice.branch_id, "checked_in_on": f"{today:%Y-%m-%d}", "way": "in_person"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("shuangbao:member_record", args=[alice.pk])
    text = response.content.decode()
    assert "已登记王阿丽的报到" in text and "已报到 · 本期未报告" in text
    assert CheckIn.objects.get().recorded_by == secretary1


def test_a_check_in_into_another_branch_or_the_future_is_refused_in_chinese(
    client_for, secretary1, alice, branch2, today
):
    client = client_for(secretary1)
    url = reverse("shuangbao:check_in_create")
    data = {"member": alice.pk, "branch": branch2.pk, "checked_in_on": f"{today:%Y-%m-%d}", "way": "online"}
    text = client.post(url, data).content.decode()
    assert "该支部不在您的管辖范围内" in text
    data.update(branch=alice.branch_id, checked_in_on=f"{today + DAY:%Y-%m-%d}")
    assert "日期不能晚于今天" in client.post(url, data).content.decode()
    assert not CheckIn.objects.exists()


def test_a_report_for_a_period_not_yet_started_is_refused_in_chinese(client_for, secretary1, alice, today):
    upcoming = current_period(alice.branch.committee, today).previous(-1)
    data = {
        "member": alice.pk,
        "period_start": f"{upcoming.start:%Y-%m-%d}",
        "submitted_on": f"{today:%Y-%m-%d}",
        "channel": "wechat",
        "summary": "思想稳定。",
    }
    response = client_for(secretary1).post(reverse("shuangbao:report_create"), data)
    assert f"报告期{upcoming.label}尚未开始" in response.content.decode()
    assert not Report.objects.exists()


def test_the_report_board_lists_reported_overdue_and_exempt_members(client_for, committee_staff, alice, bob, today):
    period = current_period(alice.branch.committee, today)
    Report.objects.create(member=alice, period_start=period.start, submitted_on=today, channel="wechat", summary="…")
    response = client_for(committee_staff).get(reverse("shuangbao:report_board"))
    statuses = {m.name: m.report_status for m in response.context["page_obj"]}
    assert statuses == {"王阿丽": "reported", "李阿博": "overdue"}
    assert response.context["total"].rate == 50.0
    overdue = client_for(committee_staff).get(reverse("shuangbao:report_board") + "?report_status=overdue")
    assert [m.name for m in overdue.context["page_obj"]] == ["李阿博"]


def test_a_secretary_publishes_a_task_for_the_own_branch(client_for, secretary1, branch1, today):
    data = {
        "branch": branch1.pk,
        "title": "老乡就业信息收集",
        "category": "job_referral",
        "opens_on": f"{today:%Y-%m-%d}",
        "due_on": f"{today + 30 * DAY:%Y-%m-%d}",
        "capacity": 3,
    }
    response = client_for(secretary1).post(reverse("shuangbao:task_create"), data)
    task = Task.objects.get()
    assert response.url == reverse("shuangbao:task_detail", args=[task.pk])
    assert (task.branch, task.committee, task.capacity) == (branch1, branch1.committee, 3)


def test_a_task_due_before_it_opens_is_refused(client_for, committee_staff, today):
    data = {
        "title": "走访",
        "category": "volunteer",
        "opens_on": f"{today:%Y-%m-%d}",
        "due_on": f"{today - DAY:%Y-%m-%d}",
        "capacity": 3,
    }
    response = client_for(committee_staff).post(reverse("shuangbao:task_create"), data)
    assert "截止日期不能早于开始日期" in response.content.decode()
    assert not Task.objects.exists()


def test_a_claim_on_a_full_task_is_refused_and_nothing_is_written(client_for, secretary1, task, branch1, alice):
    for _ in range(2):
        claim_task(task, MemberFactory(branch=branch1))
    response = client_for(secretary1).post(
        reverse("shuangbao:task_claim", args=[task.pk]), {"member": alice.pk, "claimed_on": f"{task.opens_on:%Y-%m-%d}"}
    )
    assert response.status_code == 400
    assert "任务“社区志愿服务”的2个名额已满" in response.content.decode()
    assert not TaskClaim.objects.filter(member=alice).exists()


def test_claiming_from_the_member_page_changes_the_status_line(client_for, secretary1, task, alice, today):
    client = client_for(secretary1)
    record_url = reverse("shuangbao:member_record", args=[alice.pk])
    assert "未领任务" in client.get(record_url).content.decode()
    response = client.post(
        reverse("shuangbao:task_claim", args=[task.pk]),
        {"member": alice.pk, "claimed_on": f"{today:%Y-%m-%d}", "next": record_url},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == record_url
    assert "领任务 1 项（完成 0）" in response.content.decode()


def test_a_claim_is_carried_through_to_its_evaluation(client_for, secretary1, task, alice, today):
    claim = claim_task(task, alice)
    client = client_for(secretary1)
    client.post(reverse("shuangbao:claim_progress", args=[claim.pk]), {"note": "已走访两户"})
    client.post(
        reverse("shuangbao:claim_complete", args=[claim.pk]),
        {"result": "走访完成", "completed_on": f"{today:%Y-%m-%d}"},
    )
    client.post(reverse("shuangbao:claim_evaluate", args=[claim.pk]), {"evaluation": "good"})
    claim.refresh_from_db()
    assert (claim.status, claim.evaluation, claim.result) == ("done", "good", "走访完成")
    refused = client.post(reverse("shuangbao:claim_drop", args=[claim.pk]), {"reason": "x"})
    assert refused.status_code == 400 and "该认领已是“已完成”状态" in refused.content.decode()


def test_overdue_claims_are_highlighted_on_the_task_board(client_for, committee_staff, committee, alice, today):
    late = TaskFactory(committee=committee, title="逾期任务", opens_on=today - 60 * DAY, due_on=today - DAY, capacity=5)
    TaskClaim.objects.create(task=late, member=alice, claimed_on=today - 50 * DAY)
    response = client_for(committee_staff).get(reverse("shuangbao:task_board") + "?overdue=on")
    tasks = list(response.context["page_obj"])
    assert [(t.title, t.overdue_claims, t.remaining) for t in tasks] == [("逾期任务", 1, 4)]
    assert 'class="table-danger"' in response.content.decode()


def test_the_not_checked_in_export_has_phone_numbers_and_is_logged(client_for, secretary1, alice, bob):
    response = client_for(secretary1).get(reverse("shuangbao:not_checked_in_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows == [["王阿丽", "13800138000", "第一党支部", "东莞", None, "2015-03-01", None, "未报到"]]
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.action, entry.username, entry.details["rows"]) == (Action.EXPORT, "secretary1", 1)


def test_every_board_exports_a_workbook(client_for, committee_staff, alice, task):
    claim_task(task, alice)
    client = client_for(committee_staff)
    for name in ["check_in_export", "report_board_export", "task_export"]:
        response = client.get(reverse(f"shuangbao:{name}"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 3


# Session, user, the user's scope (3); then each page's own queries, the same for 5 members
# (with their check-ins, reports, tasks and claims) and for 500.
LIST_QUERIES = {
    # the count, the committee choices and the branch choices of the filter, the page of
    # check-ins with member, branch and recorder
    "shuangbao:check_in_list": 3 + 4,
    # the committees' grace periods, the count, the committee and branch choices, the page
    # of members not checked in
    "shuangbao:not_checked_in": 3 + 5,
    # the board's committee, its branches, their report rates (one grouped query), the count,
    # the committee and branch choices, the page of members with their status this period
    "shuangbao:report_board": 3 + 7,
    # the count, the committee choices, the page of tasks with their claim counts
    "shuangbao:task_board": 3 + 3,
    # the committee, its branches, the check-in and report rates (one grouped query), the task
    # figures per branch, the committee choices
    "shuangbao:overview": 3 + 5,
}


@pytest.mark.parametrize("name", list(LIST_QUERIES))
def test_a_board_costs_the_same_queries_for_5_members_and_500(
    client_for, committee_staff, committee, branch1, today, name, django_assert_num_queries
):
    def grow(target):
        """Members up to ``target``: every other one checked in, every third reported this
        period, each with a task of the committee claimed."""
        start = Member.objects.count()
        members = Member.objects.bulk_create(MemberFactory.build(branch=branch1) for _ in range(start, target))
        period = current_period(committee, today)
        CheckIn.objects.bulk_create(
            CheckIn(member=m, branch=branch1, checked_in_on=today, way="online") for m in members[::2]
        )
        Report.objects.bulk_create(
            Report(member=m, period_start=period.start, submitted_on=today, channel="wechat", summary="汇报")
            for m in members[::3]
        )
        tasks = Task.objects.bulk_create(
            TaskFactory.build(committee=committee, opens_on=today, due_on=today + DAY, capacity=3) for _ in members
        )
        TaskClaim.objects.bulk_create(
            TaskClaim(task=task, member=m, claimed_on=today) for task, m in zip(tasks, members, strict=True)
        )

    client = client_for(committee_staff)
    grow(5)
    client.get(reverse(name))  # warm: content types and the like
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200
    grow(500)
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200
