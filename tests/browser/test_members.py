import pytest

from members.models import Member
from members.services import save_member_with_version_check
from tests.factories import BranchFactory, CommitteeFactory, Role, user_with_role
from tests.members.rosters import person, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(live_server, page):
    committee = CommitteeFactory()
    BranchFactory(committee=committee, ordinal=1, name="第一党支部")
    user = user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return user


def test_a_roster_is_imported_through_the_import_centre_then_a_member_is_edited_with_a_conflict(
    live_server, page, staff, tmp_path
):
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(xlsx_bytes([person(1, 姓名="王　静"), person(2)], title_rows=["党员花名册"]))

    page.click("text=导入中心")
    page.set_input_files("input[name=file]", str(roster))
    page.click("text=上传并检查")
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("#preview-rows tr[data-row='3']").inner_text().count("新增") == 1
    page.click("#confirm-import")
    page.wait_for_selector("text=导入完成：新增 2 人")
    assert page.locator("#import-status").inner_text() == "已导入"
    assert Member.objects.count() == 2

    member = Member.objects.get(name="王静")
    page.goto(f"{live_server.url}/members/?q=王静")
    page.click("#member-table >> text=王静")
    page.click(f"a[href='/members/{member.pk}/edit/']")
    page.fill("input[name=employer]", "佛山某厂")
    # Meanwhile someone else saves the same file.
    member.phone = "13911112222"
    save_member_with_version_check(member, 1)
    page.click("button:has-text('保存')")
    assert "未保存" in page.locator("#edit-conflict").inner_text()
    member.refresh_from_db()
    assert (member.phone, member.employer) == ("13911112222", "")
    # The merged form keeps both changes; saving it again succeeds.
    assert page.input_value("input[name=phone]") == "13911112222"
    assert page.input_value("input[name=employer]") == "佛山某厂"
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=党员档案已保存")
    member.refresh_from_db()
    assert (member.phone, member.employer, member.version) == ("13911112222", "佛山某厂", 3)
