"""Done when (issue 21), on phones (390 px): a member opens the branch's QR link, logs in with the
phone number, checks in, submits this period's report and claims a task; branch 2's secretary
confirms the check-in; the village secretary acknowledges the report."""

import datetime

import pytest

from shuangbao.models import CheckIn, CheckInStatus, Report, TaskClaim
from tests.factories import (
    BranchFactory,
    CommitteeFactory,
    MemberFactory,
    Role,
    TaskFactory,
    home_organisations,
    member_account,
    user_with_role,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse-battery"


def log_in(page, username):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.time_machine("2027-05-19 10:00 +0800", tick=True)
def test_a_member_checks_in_reports_and_claims_branch2_confirms_and_the_village_acknowledges(live_server, browser):
    _township, xinzhou = home_organisations("永乐江镇", ("新洲村",))
    committee = CommitteeFactory()
    branch2 = BranchFactory(committee=committee, ordinal=2, name="第二党支部", city="深圳")
    BranchFactory(committee=committee, ordinal=1, name="第一党支部", city="东莞")
    user_with_role("branch2", Role.BRANCH_SECRETARY, branch=branch2)
    user_with_role("village", Role.HOME_SECRETARY, home_organisation=xinzhou)
    member = MemberFactory(name="侯桂春", branch=branch2, phone="13912345678", home_organisation=xinzhou)
    member_account(member, username="member", password=PASSWORD)
    task = TaskFactory(
        committee=committee,
        branch=branch2,
        title="龙华区就业援助月志愿服务",
        opens_on=datetime.date(2027, 5, 10),
        due_on=datetime.date(2027, 6, 30),
        capacity=3,
    )

    # The member scans the branch's 阵地 QR code: the login first (by phone), then the form, filled in.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    page.goto(f"{live_server.url}/me/check-in/?branch={branch2.pk}&way=qr_link")
    assert "/accounts/login/" in page.url
    log_in(page, "13912345678")
    assert "/me/check-in/" in page.url
    assert page.locator("select[name=branch]").input_value() == str(branch2.pk)
    assert page.locator("select[name=way]").input_value() == "qr_link"
    page.fill("input[name=address]", "深圳市龙华区民治街道")
    page.click("#check-in-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "待支部书记确认" in page.inner_text(".alert-success")
    assert "待确认" in page.inner_text("#my-check-ins")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/selfservice-check-in.png", full_page=True)

    # This period's report, to the home organisation.
    page.click("nav.fixed-bottom a[href='/me/report/']")
    assert "2027年第2季度" in page.inner_text("h1")
    page.fill("textarea[name=summary]", "在深圳电子厂任班组长，按时参加支部组织生活，学习条例。")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-done")
    assert "等待流出地党组织签收" in page.inner_text("#report-done")

    # A task of the branch, claimed.
    page.click("nav.fixed-bottom a[href='/me/tasks/']")
    page.click(f"[data-task='{task.pk}'] button:has-text('认领')")
    page.wait_for_selector("#claim-status")
    assert page.inner_text("#claim-status") == "已认领"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/selfservice-claim.png", full_page=True)
    check_in = CheckIn.objects.get(member=member)
    assert check_in.status == CheckInStatus.PENDING
    assert TaskClaim.objects.filter(task=task, member=member).count() == 1

    # Branch 2's secretary confirms the check-in from the list.
    office = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    office.goto(f"{live_server.url}/accounts/login/")
    log_in(office, "branch2")
    office.goto(f"{live_server.url}/shuangbao/check-ins/?status=pending")
    office.click(f"[data-check-in='{check_in.pk}'] button:has-text('确认')")
    office.wait_for_selector(".alert-success")
    assert "已确认 1 条报到" in office.inner_text(".alert-success")
    office.screenshot(path="/tmp/selfservice-confirm.png", full_page=True)
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.CONFIRMED and check_in.confirmed_by.username == "branch2"

    # The village secretary acknowledges the report.
    home = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    home.goto(f"{live_server.url}/accounts/login/")
    log_in(home, "village")
    report = Report.objects.get(member=member)
    home.goto(f"{live_server.url}/village/reports/")
    home.click(f"[data-acknowledge='{report.pk}']")
    home.wait_for_selector(".alert-success")
    assert "已签收" in home.inner_text(".alert-success")
    report.refresh_from_db()
    assert report.acknowledged_by_user.username == "village"

    # And the member sees it acknowledged.
    page.goto(f"{live_server.url}/me/report/")
    assert "签收" in page.inner_text("#report-done")
