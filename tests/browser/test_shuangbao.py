import re

import pytest
from django.core.management import call_command

from branches.models import Branch
from members.models import Member
from shuangbao.rules import current_period, member_status, not_checked_in, report_board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The last month of Q4, after its cut-off (30 November): checking in late leaves the member 未报告.
# The clock ticks from there: the live server and the browser need time to pass.
@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=True)
def test_branch3_checks_in_reports_and_claims_for_a_member_and_sees_the_status_line_change(live_server, page):
    call_command("seed_demo", verbosity=0)
    branch = Branch.objects.get(name="第三党支部")
    period = current_period(branch.committee)
    members = Member.objects.filter(branch=branch)
    silent = report_board(not_checked_in(members), period).filter(report_status="overdue")
    member = silent.order_by("pk").first()
    claims_before = member_status(member).claims

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch3")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/shuangbao/members/{member.pk}/")
    status = page.locator("[data-status-line]")
    assert status.inner_text().startswith("未报到 · 本期未报告")

    page.click("text=登记报到")
    page.select_option("select[name=way]", "in_person")
    page.fill("input[name=address]", "东莞市长安镇锦厦社区")
    page.click("main button:has-text('保存')")
    page.wait_for_url(re.compile(rf"/shuangbao/members/{member.pk}/$"))
    assert status.inner_text().startswith("已报到 · 本期未报告")

    page.click("text=登记报告")
    page.select_option("select[name=channel]", "wechat")
    page.fill("textarea[name=summary]", "本季度在东莞务工，按时参加支部活动，思想稳定。")
    page.click("main button:has-text('保存')")
    page.wait_for_url(re.compile(rf"/shuangbao/members/{member.pk}/$"))
    assert status.inner_text().startswith("已报到 · 本期已报告")

    page.locator("[data-claim]").first.click()
    page.wait_for_url(re.compile(rf"/shuangbao/members/{member.pk}/$"))
    assert f"领任务 {claims_before + 1} 项" in status.inner_text()
    assert "已为" in page.content() and "认领任务" in page.content()
