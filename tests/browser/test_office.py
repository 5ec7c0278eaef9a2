"""Office work in the browser: dates and files in Chinese on an English browser, the pager."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from members.models import Member
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, Role, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "flatpickr" / "flatpickr.min.js"


@pytest.fixture
def english_page(browser, live_server):
    """A browser set to English, as on an English Windows: the app must still be Chinese."""
    assert VENDOR.exists(), "static/vendor/ is missing: run `make vendor` (npm ci copies flatpickr there)"
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_dates_are_typed_and_picked_as_yyyy_mm_dd_on_a_browser_set_to_english(live_server, english_page):
    page = english_page
    committee = CommitteeFactory()
    branch = BranchFactory(committee=committee, ordinal=1, name="第一党支部")
    member = MemberFactory(name="李四", branch=branch, left_home_on=datetime.date(2015, 3, 1))
    user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)
    log_in(page, live_server, "staff")

    page.goto(f"{live_server.url}/members/{member.pk}/edit/")
    # A text box with the Chinese calendar, not the browser's mm/dd/yyyy picker.
    birth = page.locator("input[name=birth_date]")
    assert birth.get_attribute("type") == "text"
    assert birth.input_value() == member.birth_date.isoformat()
    page.click("input[name=joined_party_on]")
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    assert "周一" in calendar.inner_text()  # the weekdays in Chinese
    page.keyboard.press("Escape")

    # Typed the ISO way (which gave the year 70220 in the browser's picker) and the Chinese ways.
    page.fill("input[name=joined_party_on]", "2008-02-20")
    page.fill("input[name=full_member_on]", "2009/2/20")
    page.fill("input[name=left_home_on]", "2016年3月5日")
    page.click("body")  # leave the last box: flatpickr writes it back as YYYY-MM-DD
    assert page.input_value("input[name=left_home_on]") == "2016-03-05"
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=党员档案已保存")
    member.refresh_from_db()
    assert (member.joined_party_on, member.full_member_on, member.left_home_on) == (
        datetime.date(2008, 2, 20),
        datetime.date(2009, 2, 20),
        datetime.date(2016, 3, 5),
    )

    # A date picked from the calendar is written YYYY-MM-DD too.
    page.goto(f"{live_server.url}/members/{member.pk}/edit/")
    page.click("input[name=left_home_on]")
    page.locator(".flatpickr-calendar.open .flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)").nth(9).click()
    assert page.input_value("input[name=left_home_on]") == "2016-03-10"


def test_file_inputs_and_the_pager_speak_chinese_on_a_browser_set_to_english(live_server, english_page, tmp_path):
    page = english_page
    committee = CommitteeFactory()
    branch = BranchFactory(committee=committee, ordinal=1, name="第一党支部")
    MemberFactory.create_batch(45, branch=branch)
    user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)
    log_in(page, live_server, "staff")

    page.goto(f"{live_server.url}/imports/")
    picker = page.locator(".file-picker").first
    assert "选择文件" in picker.inner_text() and "未选择文件" in picker.inner_text()
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(b"not really a workbook")
    page.set_input_files("input[name=file]", str(roster))
    assert picker.locator(".file-picker-name").inner_text() == "花名册.xlsx"

    page.goto(f"{live_server.url}/members/?branch={branch.pk}")
    pager = page.locator("[data-pager]")
    assert "第 1 / 3 页" in pager.inner_text() or "1" in pager.locator(".active").inner_text()
    pager.locator("select[name=per_page]").select_option("50")
    page.wait_for_url("**per_page=50**")
    assert page.locator("#member-table tbody tr").count() == 45
    assert f"branch={branch.pk}" in page.url  # the filter is kept
    page.select_option("[data-pager] select[name=per_page]", "20")
    page.wait_for_url("**per_page=20**")
    page.fill("[data-pager] input[name=page]", "3")
    page.click("[data-pager] button:has-text('确定')")
    page.wait_for_url("**page=3**")
    assert page.locator("#member-table tbody tr").count() == 5
    assert Member.objects.count() == 45


def test_a_batch_status_change_then_the_roster_round_trip_changes_exactly_two_fields(live_server, page, tmp_path):
    """The issue's "done when": three members' status in one batch; the 花名册 exported, two
    cells edited with openpyxl, imported back: exactly those two fields change."""
    from openpyxl import load_workbook

    from members.models import MemberStatus

    committee = CommitteeFactory()
    branch = BranchFactory(committee=committee, ordinal=1, name="第一党支部")
    BranchFactory(committee=committee, ordinal=2, name="第二党支部")
    members = MemberFactory.create_batch(5, branch=branch)
    user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)
    log_in(page, live_server, "staff")

    page.goto(f"{live_server.url}/members/")
    for member in members[:3]:
        page.check(f"#member-table input[name=ids][value='{member.pk}']")
    assert page.locator("[data-batch-count] b").inner_text() == "3"
    page.click("#batch-status")
    page.select_option("select[name=status]", MemberStatus.LOST_CONTACT)
    page.fill("textarea[name=reason]", "电话停机，联系不上")
    page.click("#batch-confirm")
    page.wait_for_selector("text=3 名党员的状态已变更为失联")
    statuses = dict(Member.objects.values_list("pk", "status"))
    assert [statuses[member.pk] for member in members] == ["lost_contact"] * 3 + ["active"] * 2

    before = {values["id"]: values for values in Member.objects.values()}
    with page.expect_download() as download:
        page.click("text=花名册（含档案编号）")
    roster = tmp_path / "花名册.xlsx"
    download.value.save_as(roster)
    workbook = load_workbook(roster)
    sheet = workbook.active
    headers = {cell.value: cell.column for cell in sheet[2]}
    rows = {sheet.cell(row=row, column=1).value: row for row in range(3, sheet.max_row + 1)}
    first, second = members[3], members[4]
    sheet.cell(row=rows[f"DA{first.pk:07d}"], column=headers["联系电话"], value="13912345678")
    sheet.cell(row=rows[f"DA{second.pk:07d}"], column=headers["工作单位"], value="佛山某陶瓷厂")
    edited = tmp_path / "花名册-改.xlsx"
    workbook.save(edited)

    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("input[name=file]", str(edited))
    page.click("text=上传并检查")
    assert page.locator("[data-count=update]").inner_text() == "2"
    assert page.locator("[data-count=unchanged]").inner_text() == "3"
    change = page.locator(f"#preview-rows tr[data-row='{rows[f'DA{first.pk:07d}']}'] .change").inner_text()
    assert "联系电话" in change and "13800138000" in change and "13912345678" in change
    page.click("#confirm-import")
    page.wait_for_selector("text=导入完成")
    after = {values["id"]: values for values in Member.objects.values()}
    differences = {
        (pk, name)
        for pk, values in after.items()
        for name, value in values.items()
        if name not in ("version", "updated_at") and before[pk][name] != value
    }
    assert differences == {(first.pk, "phone"), (second.pk, "employer")}
