"""The member pages: list and its filters, detail, create, edit with optimistic locking,
status change and transfer, print view, exports."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from members.models import Category, Member, MemberStatus
from members.services import save_member_with_version_check
from shuangbao.models import CheckIn, CheckInWay, Report, ReportChannel
from shuangbao.periods import period_start
from tests.factories import MemberFactory
from tests.members.rosters import an_id

pytestmark = pytest.mark.django_db


def names(response):
    return [member.name for member in response.context["page_obj"]]


# --- list --------------------------------------------------------------------------


def test_a_secretary_sees_only_the_branchs_members(client_for, secretary1, alice, bob):
    response = client_for(secretary1).get("/members/")
    assert names(response) == ["王阿丽"]
    assert "李阿博" not in response.content.decode()


def test_the_list_is_chinese_and_masks_id_numbers(client_for, county_admin, alice):
    text = client_for(county_admin).get("/members/").content.decode()
    assert "党员档案" in text and "查询" in text and "重置" in text
    assert alice.masked_id_number in text and alice.id_number not in text


@pytest.mark.parametrize(
    ("query", "found"),
    [("王阿", True), ("13912345678", True), ("5678", True), ("东莞电子", True), ("张三", False)],
)
def test_q_searches_name_phone_last_id_digits_and_employer(client_for, county_admin, alice, bob, query, found):
    Member.objects.filter(pk=alice.pk).update(phone="13912345678", employer="东莞电子厂")
    if query == "5678":
        query = alice.id_number[-4:]
    response = client_for(county_admin).get("/members/", {"q": query})
    assert ("王阿丽" in names(response)) is found


def test_filters_by_category_membership_status_branch_township_and_city(client_for, county_admin, branch1, branch2):
    MemberFactory(name="直管甲", branch=branch1, category=Category.DIRECT, work_city="佛山")
    MemberFactory(name="预备乙", branch=branch2, full_member_on=None, hometown_township="龙海镇")
    MemberFactory(name="回乡丙", branch=branch1, status=MemberStatus.RETURNED)
    client = client_for(county_admin)
    assert names(client.get("/members/", {"category": "direct"})) == ["直管甲"]
    assert names(client.get("/members/", {"membership": "probationary"})) == ["预备乙"]
    assert names(client.get("/members/", {"status": "returned"})) == ["回乡丙"]
    assert set(names(client.get("/members/", {"branch": branch2.pk}))) == {"预备乙"}
    assert names(client.get("/members/", {"hometown_township": "龙海镇"})) == ["预备乙"]
    assert names(client.get("/members/", {"work_city": "佛山"})) == ["直管甲"]


def test_a_secretary_s_filter_bar_offers_only_the_branch_and_its_values(client_for, secretary1, alice, bob):
    Member.objects.filter(pk=bob.pk).update(work_city="佛山")
    form = client_for(secretary1).get("/members/").context["filter"].form
    assert list(form.fields["branch"].choices)[1:] == [(alice.branch_id, "第一党支部")]
    assert "佛山" not in dict(form.fields["work_city"].choices)


def test_the_filter_bar_has_bootstrap_labels_and_selects(client_for, county_admin, branch1):
    text = client_for(county_admin).get("/members/", {"branch": branch1.pk}).content.decode()
    assert '<div id="div_id_branch" class="mb-3"><label for="id_branch" class="form-label">党支部</label>' in text
    assert '<select name="branch" class="compactselect form-select" id="id_branch">' in text
    assert f'<option value="{branch1.pk}" selected>第一党支部</option>' in text
    assert 'placeholder="姓名、身份证号后几位、电话、工作单位" class="textinput form-control" id="id_q">' in text
    assert '<select name="category" class="compactselect form-select" id="id_category">' in text
    assert '<input type="checkbox" name="not_checked_in" class="form-check-input" id="id_not_checked_in">' in text


def test_another_branch_in_the_filter_is_an_error_on_the_field(client_for, secretary1, branch2):
    text = client_for(secretary1).get("/members/", {"branch": branch2.pk}).content.decode()
    assert 'class="compactselect form-select is-invalid" id="id_branch">' in text
    assert '<div id="id_branch_error" class="invalid-feedback"><p id="error_1_id_branch"><strong>' in text
    assert "选择一个有效的选项： 该选择不在可用的选项中。" in text


def test_not_checked_in_lists_mobile_members_without_a_check_in_since_leaving_home(client_for, county_admin, branch1):
    left = datetime.date(2024, 3, 1)
    checked = MemberFactory(name="已报到", branch=branch1, left_home_on=left)
    stale = MemberFactory(name="旧报到", branch=branch1, left_home_on=left)
    MemberFactory(name="未报到", branch=branch1, left_home_on=left)
    MemberFactory(name="直管", branch=branch1, category=Category.DIRECT)
    CheckIn.objects.create(member=checked, branch=branch1, checked_in_on=left, way=CheckInWay.ONLINE)
    CheckIn.objects.create(member=stale, branch=branch1, checked_in_on=datetime.date(2023, 1, 1), way=CheckInWay.ONLINE)
    response = client_for(county_admin).get("/members/", {"not_checked_in": "on"})
    assert sorted(names(response)) == sorted(["旧报到", "未报到"])


def test_report_overdue_lists_mobile_members_without_a_report_this_period(client_for, county_admin, branch1, committee):
    reported = MemberFactory(name="已报告", branch=branch1)
    MemberFactory(name="逾期", branch=branch1)
    current = period_start(timezone.localdate(), committee.report_cycle)
    Report.objects.create(
        member=reported,
        period_start=current,
        submitted_on=timezone.localdate(),
        channel=ReportChannel.WECHAT,
        summary="思想汇报",
    )
    assert names(client_for(county_admin).get("/members/", {"report_overdue": "on"})) == ["逾期"]


def test_columns_sort_both_ways(client_for, county_admin, branch1):
    for name in ["乙", "甲", "丙"]:
        MemberFactory(name=name, branch=branch1)
    client = client_for(county_admin)
    ascending = names(client.get("/members/", {"o": "name"}))
    assert ascending == sorted(ascending)
    assert names(client.get("/members/", {"o": "-name"})) == list(reversed(ascending))


# --- detail and print ----------------------------------------------------------------


def test_the_detail_shows_the_masked_number_and_birth_year_to_everyone_and_a_reveal_to_who_has_the_right(
    client_for, committee_staff, auditor, alice
):
    office = client_for(committee_staff).get(f"/members/{alice.pk}/").content.decode()
    assert alice.id_number not in office and alice.masked_id_number in office
    assert f"{alice.birth_date:%Y-%m-%d}" not in office and f"{alice.birth_date.year}年" in office
    assert "显示完整号码" in office
    reader = client_for(auditor).get(f"/members/{alice.pk}/").content.decode()
    assert alice.masked_id_number in reader and "显示完整号码" not in reader


def test_the_detail_shows_check_ins_and_the_change_history(client_for, county_admin, alice, branch1):
    CheckIn.objects.create(member=alice, branch=branch1, checked_in_on=datetime.date(2025, 3, 2), way=CheckInWay.PHONE)
    alice.phone = "13911112222"
    save_member_with_version_check(alice, 1, user=county_admin)
    text = client_for(county_admin).get(f"/members/{alice.pk}/").content.decode()
    assert "2025-03-02" in text and "电话" in text
    assert "变更记录" in text and "13800138000" in text and "13911112222" in text


def test_the_print_view_is_an_a4_file_card(client_for, secretary1, alice):
    text = client_for(secretary1).get(f"/members/{alice.pk}/print/").content.decode()
    assert "党员档案卡" in text and "member_print.css" in text and alice.id_number in text
    assert "<script>" not in text and "onclick" not in text


# --- create ------------------------------------------------------------------------


def form_data(member=None, **changes):
    data = {
        "name": "王静",
        "gender": "female",
        "ethnicity": "汉族",
        "birth_date": "1990-03-04",
        "id_number": an_id(sequence=9, male=False),
        "phone": "13800138000",
        "category": "mobile",
        "joined_party_on": "2012-07-01",
        "full_member_on": "2013-07-01",
    }
    if member is not None:
        data.update(
            {
                "name": member.name,
                "gender": member.gender,
                "birth_date": f"{member.birth_date:%Y-%m-%d}",
                "id_number": member.id_number,
                "version": member.version,
            }
        )
    data.update(changes)
    return data


def test_a_secretary_creates_a_member_in_the_branch(client_for, secretary1, branch1, branch2):
    client = client_for(secretary1)
    response = client.post("/members/new/", form_data(branch=branch1.pk))
    member = Member.objects.get(name="王静")
    assert response.status_code == 302 and response.url == f"/members/{member.pk}/"
    assert member.branch == branch1 and member.history.get().history_user == secretary1
    # Another branch is not a choice.
    response = client.post("/members/new/", form_data(branch=branch2.pk, id_number=an_id(sequence=10)))
    assert "branch" in response.context["form"].errors


def test_bad_input_gets_chinese_messages_naming_the_field(client_for, county_admin, branch1):
    number = an_id(sequence=9, male=False)
    response = client_for(county_admin).post(
        "/members/new/",
        form_data(branch=branch1.pk, id_number=number[:17] + ("1" if number[17] != "1" else "2"), phone="123"),
    )
    errors = response.context["form"].errors
    assert "校验位" in errors["id_number"][0]
    assert "11位手机号码" in errors["phone"][0]
    assert Member.objects.count() == 0


def test_the_birth_date_and_gender_must_agree_with_the_id(client_for, county_admin, branch1):
    response = client_for(county_admin).post(
        "/members/new/", form_data(branch=branch1.pk, birth_date="1991-03-04", gender="male")
    )
    errors = response.context["form"].errors
    assert errors["birth_date"] == ["出生日期与公民身份号码不一致。"]
    assert errors["gender"] == ["性别与公民身份号码不一致。"]


# --- edit and optimistic locking --------------------------------------------------------


def test_an_edit_saves_and_bumps_the_version(client_for, secretary1, alice):
    response = client_for(secretary1).post(f"/members/{alice.pk}/edit/", form_data(alice, employer="佛山某厂"))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.employer, alice.version) == ("佛山某厂", 2)


def test_the_second_of_two_edits_is_refused_and_the_first_is_not_lost(client_for, committee_staff, secretary1, alice):
    opened = form_data(alice)  # both open version 1
    first = client_for(secretary1).post(f"/members/{alice.pk}/edit/", {**opened, "phone": "13911112222"})
    assert first.status_code == 302

    second = client_for(committee_staff).post(f"/members/{alice.pk}/edit/", {**opened, "employer": "深圳某公司"})
    assert second.status_code == 200
    text = second.content.decode()
    assert "未保存" in text and "secretary1" in text
    alice.refresh_from_db()
    assert (alice.phone, alice.employer, alice.version) == ("13911112222", "", 2)
    # The form offered again holds both changes and the current version.
    form = second.context["form"]
    assert form.initial["phone"] == "13911112222" and form.initial["employer"] == "深圳某公司"
    assert form.initial["version"] == 2


# --- status and transfer -----------------------------------------------------------------


def a_week_ago():
    """A date of the status change that is in the past whatever today is."""
    return f"{timezone.localdate() - datetime.timedelta(days=7):%Y-%m-%d}"


def test_a_status_change_keeps_the_file_and_records_date_and_reason(client_for, secretary1, alice):
    changed_on = a_week_ago()
    response = client_for(secretary1).post(
        f"/members/{alice.pk}/status/",
        {"transition": "returned_home", "changed_on": changed_on, "note": "回乡创业", "version": 1},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.status == MemberStatus.RETURNED
    reason = alice.history.first().history_change_reason
    assert changed_on in reason and "回乡创业" in reason and "回乡" in reason


def test_a_status_change_in_the_future_is_refused(client_for, secretary1, alice):
    response = client_for(secretary1).post(
        f"/members/{alice.pk}/status/",
        {"transition": "lost", "changed_on": "2099-01-01", "note": "x", "version": 1},
    )
    assert response.context["form"].errors["changed_on"] == ["日期不能晚于今天。"]


# --- exports -----------------------------------------------------------------------


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_list_export_has_the_filtered_rows_masked_and_is_logged(client_for, county_admin, alice, bob, branch1):
    Member.objects.filter(pk=alice.pk).update(employer="=HYPERLINK(1)")
    response = client_for(county_admin).get("/members/export/", {"branch": branch1.pk})
    sheet = sheet_of(response)
    assert sheet["A2"].value == "姓名" and sheet["D2"].value == "公民身份号码"
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["王阿丽"]
    assert sheet["D3"].value == alice.masked_id_number
    assert (sheet["C2"].value, sheet["C3"].value) == ("出生年份", f"{alice.birth_date.year}年")
    assert sheet["I3"].value == "'=HYPERLINK(1)"
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.details["rows"] == 1 and entry.details["filters"] == {"branch": str(branch1.pk)}


def test_the_roster_export_has_every_column_under_the_template_headers(client_for, secretary1, alice, bob):
    sheet = sheet_of(client_for(secretary1).get("/members/export/roster/"))
    headers = [cell.value for cell in sheet[2]]
    assert headers[:5] == ["档案编号", "姓名", "性别", "民族", "出生年份"] and "流动党员活动证号" in headers
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1 and rows[0][:2] == (f"DA{alice.pk:07d}", "王阿丽")
    assert AuditEntry.objects.get(action=Action.EXPORT).details["what"] == "member roster"
