"""A transfer out walked from the member's page to the 回执, as committee staff, at 1366 and 390 px."""

import pytest
from playwright.sync_api import expect

from members.models import Category, MemberStatus, Transfer, TransferStatus
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, Role, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_committee_staff_issue_a_letter_print_it_and_record_the_receipt(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    committee = CommitteeFactory()
    branch = BranchFactory(committee=committee, ordinal=1, name="第一党支部")
    member = MemberFactory(name="陈达", branch=branch, category=Category.DIRECT, home_organisation=None)
    user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/members/{member.pk}/")
    page.click(f"a[href='/members/{member.pk}/transfer-out/']")
    # A transfer out asks for the receiving organisation; the committee fields are hidden.
    expect(page.locator("#div_id_to_committee")).to_be_hidden()
    page.fill("input[name=organisation]", "中共安仁县永乐江镇新洲村支部委员会")
    page.fill("input[name=letter_number]", "粤安流转〔2026〕3号")
    page.click("input[value='开具介绍信']")
    page.wait_for_selector("text=组织关系转接已开始办理")
    assert page.locator("#transfer-status").inner_text() == "待回执"
    member.refresh_from_db()
    assert member.status == MemberStatus.PENDING_TRANSFER

    page.click("text=打印介绍信")
    page.wait_for_selector("text=特此回复")
    assert page.locator("text=粤安流转〔2026〕3号").count() >= 3  # 存根, 介绍信 and 回执
    page.go_back()

    page.click("#receipt-form input[value='登记回执']")
    page.wait_for_selector("text=回执已登记")
    assert page.locator("#transfer-status").inner_text() == "已完成"
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED
    assert Transfer.objects.get().status == TransferStatus.DONE
    # The closed file offers no edit any more.
    page.goto(f"{live_server.url}/members/{member.pk}/")
    assert page.locator(f"a[href='/members/{member.pk}/edit/']").count() == 0
