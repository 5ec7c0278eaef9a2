"""The two sides of one record, on phones (390 px): branch 2 in Guangdong records a member's
report and refers a help request home; the village secretary acknowledges the report and
closes its part of the case; branch 2 sees both."""

import pytest
from playwright.sync_api import expect

from assistance.models import HelpRequest
from assistance.services import take_in_help_request
from shuangbao.models import Report
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, Role, home_organisations, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=True)
def test_branch2_reports_and_refers_home_the_village_acknowledges_and_closes_and_branch2_sees_both(
    live_server, page, browser
):
    _township, xinzhou = home_organisations("永乐江镇", ("新洲村",))
    branch2 = BranchFactory(committee=CommitteeFactory(), ordinal=2, name="第二党支部", city="深圳")
    secretary = user_with_role("branch2", Role.BRANCH_SECRETARY, branch=branch2)
    village = user_with_role("village", Role.HOME_SECRETARY, home_organisation=xinzhou)
    village.first_name = "韩支书"
    village.save()
    member = MemberFactory(name="王阿丽", branch=branch2, home_organisation=xinzhou)
    case = HelpRequest(
        member=member,
        branch=branch2,
        category="elderly",
        location="hometown",
        story="母亲独居新洲村老家，腿脚不便，无人照看。",
        received_on=member.left_home_on,
    )
    take_in_help_request(case, secretary)

    # branch 2, on a phone: the member's report, then the case referred to her village.
    page.set_viewport_size(PHONE)
    login(page, live_server.url, "branch2")
    page.goto(f"{live_server.url}/shuangbao/reports/new/?member={member.pk}")
    page.select_option("select[name=channel]", "wechat")
    page.fill("textarea[name=summary]", "在深圳工厂担任班组长，按时参加支部组织生活。")
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()
    report = Report.objects.get(member=member)
    page.goto(f"{live_server.url}/assistance/help-requests/{case.pk}/")
    page.click("[data-transition=referred]")
    assert page.locator("select[name=referred_home]").input_value() == str(xinzhou.pk)
    page.fill("textarea[name=note]", "老人在老家，请村党支部就近照看")
    page.get_by_role("button", name="转办").click()
    # Playwright's text match waits for the page after the POST and trims the badge's whitespace.
    expect(page.locator("#case-status")).to_have_text("已转办")
    expect(page.locator("#case-referred-to")).to_have_text(xinzhou.full_name)

    # The village secretary, on a phone of their own.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    home = phone.new_page()
    login(home, live_server.url, "village")
    assert home.url.endswith("/village/")
    assert home.inner_text("[data-figure=to_acknowledge]") == "1"
    assert home.inner_text("[data-figure=referrals]") == "1"
    home.goto(f"{live_server.url}/village/reports/")
    home.fill(f"[data-report='{report.pk}'] input[name=note]", "已阅，望继续发挥先锋作用")
    home.click(f"[data-acknowledge='{report.pk}']")
    home.wait_for_selector(".alert-success")
    assert "已签收" in home.inner_text(".alert-success")
    home.goto(f"{live_server.url}/village/referrals/")
    home.click("#village-referrals a")
    home.fill("#home-close-form textarea[name=outcome]", "村干部上门看望，联系邻居每日照看，已安排村医上门。")
    home.click("#home-close-form button")
    home.wait_for_selector("#home-outcome")
    assert "村医上门" in home.inner_text("#action-log")
    assert home.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()

    # branch 2 sees both: the report acknowledged, and what the village did, in one log.
    page.goto(f"{live_server.url}/shuangbao/members/{member.pk}/")
    timeline = page.inner_text(".shuangbao-status")
    assert "韩支书" in timeline and "已阅，望继续发挥先锋作用" in timeline
    page.goto(f"{live_server.url}/assistance/help-requests/{case.pk}/")
    assert "流出地已办结本村部分" in page.inner_text("#action-log")
    assert "已办结" in page.inner_text("#case-home-part")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
