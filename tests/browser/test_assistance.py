import pytest
from django.utils import timezone

from assistance.models import HelpCategory, HelpRequest, HelpStatus
from tests.factories import BranchFactory, CommitteeFactory, Role, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_branch4_takes_in_a_wage_arrears_case_refers_it_home_records_the_outcome_and_closes_it(live_server, page):
    branch4 = BranchFactory(committee=CommitteeFactory(), ordinal=4, name="第四党支部")
    user_with_role("branch4", Role.BRANCH_SECRETARY, branch=branch4)
    page.set_viewport_size({"width": 390, "height": 844})  # a secretary's phone

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "branch4")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/assistance/help-requests/")
    page.get_by_role("link", name="受理诉求").click()
    page.fill("input[name=requester_name]", "蔡某某")
    page.fill("input[name=requester_phone]", "13900139000")
    page.select_option("select[name=category]", HelpCategory.WAGE_DISPUTE)
    page.select_option("select[name=location]", "guangdong")
    page.fill("input[name=township]", "禾市乡")
    page.fill("textarea[name=story]", "东莞某厂拖欠三个月工资共一万二千元。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("#case-status")
    assert page.inner_text("#case-status") == "已受理"
    assert "第四党支部" in page.content()

    page.click("[data-transition=referred]")
    page.fill("input[name=referred_to]", "老家禾市村党支部")
    page.fill("textarea[name=note]", "请村支部联系企业负责人的老家亲属协调")
    page.get_by_role("button", name="转办").click()
    page.wait_for_selector("#case-status")
    assert page.inner_text("#case-status") == "已转办"
    assert page.inner_text("#case-referred-to") == "老家禾市村党支部"

    page.click("[data-transition=resolved]")
    page.fill("textarea[name=outcome]", "企业补发全部欠薪")
    page.fill("input[name=money_recovered]", "12000")
    page.get_by_role("button", name="登记结果").click()
    page.wait_for_selector("#case-status")
    assert page.inner_text("#case-status") == "已解决"

    page.click("[data-transition=closed]")
    page.get_by_role("button", name="办结").click()
    page.wait_for_selector("#case-status")
    assert page.inner_text("#case-status") == "已办结"
    assert page.locator("[data-transition]").count() == 0
    log = page.inner_text("#action-log")
    assert "请村支部联系企业负责人的老家亲属协调" in log and "已解决：企业补发全部欠薪" in log

    case = HelpRequest.objects.get()
    assert (case.status, case.money_recovered, case.closed_on) == (HelpStatus.CLOSED, 12000, timezone.localdate())
    assert [a.status_after for a in case.actions.order_by("pk")] == ["received", "referred", "resolved", "closed"]
    assert case.received_on == timezone.localdate()
