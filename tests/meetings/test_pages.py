"""The organisational-life pages as secretaries, committee staff and the auditor use them."""

import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from lib.uploads import upload_limit
from meetings.models import AttachmentKind, Attendance, Meeting, MeetingAttachment, MeetingKind
from meetings.records import add_attachment
from tests.factories import MeetingFactory
from tests.meetings.conftest import AttendanceStatus, meeting_with, png_bytes, upload

pytestmark = pytest.mark.django_db
P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def form_data(members, kind=MeetingKind.THEMED_DAY, **overrides):
    data = {
        "kind": kind,
        "held_on": timezone.localdate().isoformat(),
        "location": "东莞市长安镇安仁商会",
        "topic": "一面旗帜两地红",
        "host": "段英",
        "recorder": "蒋志国",
        **{f"status_{member.pk}": P for member in members},
    }
    data.update(overrides)
    return data


@pytest.fixture
def meeting1(branch1, roll):
    return meeting_with(branch1, MeetingKind.THEMED_DAY, [(m, P) for m in roll], topic="支部一的主题党日")


@pytest.fixture
def meeting2(branch2, bob):
    return meeting_with(branch2, MeetingKind.THEMED_DAY, [(bob, P)], topic="支部二的主题党日")


@pytest.fixture
def attachment1(meeting1, secretary1):
    return add_attachment(meeting1, upload("签到表.png"), AttachmentKind.SIGN_IN, user=secretary1)


# --- logging a meeting ------------------------------------------------------------------


def test_a_secretary_logs_a_meeting_with_leave_and_a_photo(client_for, secretary1, roll, branch1):
    data = form_data(roll)
    data[f"status_{roll[1].pk}"] = E
    data[f"reason_{roll[1].pk}"] = "在外地出差"
    data[f"status_{roll[2].pk}"] = A
    data["photos"] = [upload("现场照片.png")]
    response = client_for(secretary1).post(reverse("meetings:create"), data)

    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.pk])
    assert (meeting.branch, meeting.recorded_by, meeting.late_entry) == (branch1, secretary1, False)
    assert Attendance.objects.get(meeting=meeting, member=roll[1]).reason == "在外地出差"
    attachment = MeetingAttachment.objects.get()
    assert (attachment.kind, attachment.content_type, attachment.original_name) == (
        "photo",
        "image/png",
        "现场照片.png",
    )
    # Stored under a random name in the branch's folder, never under the user's.
    assert attachment.file.name.startswith(f"meetings/{branch1.pk}/") and "现场照片" not in attachment.file.name
    page = client_for(secretary1).get(response.url).content.decode()
    assert "应到" in page and "在外地出差" in page and "现场照片.png" in page


def test_the_form_lists_the_branch_roll_with_everyone_present(client_for, secretary1, roll, bob):
    response = client_for(secretary1).get(reverse("meetings:create"))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(member.name in page for member in roll) and bob.name not in page
    assert all(response.context["attendance_form"][f"status_{m.pk}"].initial == P for m in roll)
    assert "登记会议" in page and "请假" in page and "不计应到" in page


def test_a_committee_meeting_expects_only_the_branch_committee(client_for, secretary1, roll):
    response = client_for(secretary1).get(reverse("meetings:create") + "?kind=committee")
    form = response.context["attendance_form"]
    assert [form[f"status_{m.pk}"].initial for m in roll[:3]] == [P, P, "none"]


def test_leave_without_a_reason_is_shown_in_chinese_and_nothing_is_saved(client_for, secretary1, roll):
    data = form_data(roll, **{f"status_{roll[0].pk}": E})
    response = client_for(secretary1).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert f"{roll[0].name} 请假，请填写请假原因。" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_without_a_place_must_be_online(client_for, secretary1, roll):
    response = client_for(secretary1).post(reverse("meetings:create"), form_data(roll, location=""))
    assert "请填写会议地点" in response.content.decode()
    assert not Meeting.objects.exists()
    client_for(secretary1).post(reverse("meetings:create"), form_data(roll, location="", online="on"))
    assert Meeting.objects.get().online


def test_a_committee_meeting_without_a_quorum_is_saved_with_a_warning(client_for, secretary1, roll):
    data = form_data(roll, kind=MeetingKind.COMMITTEE, **{f"status_{m.pk}": "none" for m in roll[2:]})
    data[f"status_{roll[1].pk}"] = A
    response = client_for(secretary1).post(reverse("meetings:create"), data, follow=True)
    assert Meeting.objects.get().attendances.count() == 2
    assert any("未达到法定人数" in str(message) for message in get_messages(response.wsgi_request))
    assert 'data-quorum="not-met"' in response.content.decode()


def test_a_meeting_held_long_ago_is_marked_late_on_its_page(client_for, secretary1, roll):
    held = timezone.localdate() - datetime.timedelta(days=45)
    response = client_for(secretary1).post(
        reverse("meetings:create"), form_data(roll, held_on=held.isoformat()), follow=True
    )
    assert Meeting.objects.get().late_entry
    assert "补录" in response.content.decode()


def test_a_meeting_cannot_be_dated_in_the_future(client_for, secretary1, roll):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client_for(secretary1).post(reverse("meetings:create"), form_data(roll, held_on=tomorrow.isoformat()))
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_committee_staff_first_pick_the_branch(client_for, committee_staff, branch1, branch2, roll):
    response = client_for(committee_staff).get(reverse("meetings:create"))
    assert "哪个党支部召开的会议" in response.content.decode()
    response = client_for(committee_staff).get(reverse("meetings:create") + f"?branch={branch1.pk}")
    assert response.context["branch"] == branch1


def test_an_edit_changes_the_attendance_and_shows_in_the_history(client_for, secretary1, roll):
    client = client_for(secretary1)
    client.post(reverse("meetings:create"), form_data(roll))
    meeting = Meeting.objects.get()
    data = form_data(roll, **{f"status_{roll[3].pk}": A})
    response = client.post(reverse("meetings:update", args=[meeting.pk]), data, follow=True)
    assert Attendance.objects.get(meeting=meeting, member=roll[3]).status == A
    page = response.content.decode()
    assert f"{roll[3].name}：出席 → 缺席" in page and "登记会议" in page


# --- attachments ---------------------------------------------------------------------------------


def test_a_file_is_judged_by_its_content_not_its_name(client_for, secretary1, meeting1):
    fake = upload("照片.png", content=b"MZ\x90\x00 this is a program, not a picture")
    response = client_for(secretary1).post(reverse("meetings:attachment_upload", args=[meeting1.pk]), {"photos": fake})
    assert response.status_code == 400
    assert "照片.png 不是 JPG、PNG 或 PDF 文件" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_a_pdf_named_like_a_picture_is_stored_as_a_pdf(client_for, secretary1, meeting1):
    scan = upload("scan.jpg", content=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", content_type="image/jpeg")
    client_for(secretary1).post(reverse("meetings:attachment_upload", args=[meeting1.pk]), {"sign_in_sheets": scan})
    attachment = MeetingAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.file.name.endswith(".pdf")


def test_a_file_over_10_mb_is_refused(client_for, secretary1, meeting1):
    big = upload("大照片.png", content=png_bytes() + b"\x00" * upload_limit())
    response = client_for(secretary1).post(reverse("meetings:attachment_upload", args=[meeting1.pk]), {"photos": big})
    assert response.status_code == 400
    assert "大照片.png 超过了每个文件 10.0\xa0MB 的大小限制" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_the_file_is_served_to_its_branch(client_for, secretary1, attachment1):
    response = client_for(secretary1).get(reverse("meetings:attachment", args=[attachment1.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()


def test_files_have_no_public_url(client, attachment1, settings):
    # MEDIA_URL is not routed: the only way to a file is the scoped view.
    assert client.get(f"{settings.MEDIA_URL}{attachment1.file.name}").status_code == 404


# --- lists, scope and query counts --------------------------------------------------------------


def test_a_secretary_lists_only_the_meetings_of_the_branch(client_for, secretary1, meeting1, meeting2):
    page = client_for(secretary1).get(reverse("meetings:list")).content.decode()
    assert meeting1.topic in page and meeting2.topic not in page


def test_the_list_searches_and_filters(client_for, county_admin, meeting1, meeting2, branch2):
    client = client_for(county_admin)
    assert [m.pk for m in client.get(reverse("meetings:list") + "?q=支部二").context["page_obj"]] == [meeting2.pk]
    assert [m.pk for m in client.get(reverse("meetings:list") + f"?branch={branch2.pk}").context["page_obj"]] == [
        meeting2.pk
    ]


def test_the_list_costs_the_same_queries_for_5_meetings_and_500(
    client_for, county_admin, branch1, roll, django_assert_num_queries
):
    def grow(target):
        """Meetings of branch 1 up to ``target``, each with the whole roll present or absent."""
        count = target - Meeting.objects.count()
        meetings = Meeting.objects.bulk_create(
            MeetingFactory.build(branch=branch1, held_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=i % 200))
            for i in range(count)
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, member=member, status=P if index % 2 else A)
            for index, meeting in enumerate(meetings)
            for member in roll
        )

    client = client_for(county_admin)
    grow(5)
    # 1. session, 2. user, 3. the user's scope, 4. count of meetings, 5. the branch
    # choices of the filter, 6. the page of meetings with branch, counts and attachment flag,
    # 7. the upcoming (published) meetings.
    with django_assert_num_queries(7):
        client.get(reverse("meetings:list"))
    grow(500)
    with django_assert_num_queries(7):
        client.get(reverse("meetings:list"))


def test_the_export_is_scoped_and_logged(client_for, secretary1, meeting1, meeting2):
    response = client_for(secretary1).get(reverse("meetings:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "召开日期"
    assert [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)] == [meeting1.topic]
    assert AuditEntry.objects.get(action=Action.EXPORT).details["rows"] == 1


# --- compliance and attendance pages ------------------------------------------------------------

# The matrix tests ask for 2026 (the year of the factories' meetings): pinned to a day late in
# it, so that the year is a choice of the form and its first months are over, whatever the date.
LATE_IN_2026 = pytest.mark.time_machine("2026-11-27 10:00 +0800", tick=False)


@LATE_IN_2026
def test_the_matrix_shows_a_secretary_only_the_branch(client_for, secretary1, rules, meeting1, meeting2):
    page = client_for(secretary1).get(reverse("meetings:compliance") + "?year=2026&granularity=quarter")
    rows = page.context["rows"]
    assert [row.branch.name for row in rows] == ["第一党支部"]
    assert "第1季度" in page.content.decode()
    assert "修改规则" not in page.content.decode()  # the committee's rules are not the branch's to edit


@LATE_IN_2026
def test_the_matrix_cells_show_each_status_and_what_is_missing_in_chinese(client_for, county_admin, rules, meeting1):
    page = client_for(county_admin).get(reverse("meetings:compliance") + "?year=2026&granularity=month")
    html = page.content.decode()
    for row in page.context["rows"]:
        shown = re.search(rf'<tr data-branch="{row.branch.name}">(.*?)</tr>', html, re.S).group(1)
        assert re.findall(r'data-status="([^"]+)"', shown) == [cell.status for cell in row.cells]
        for cell in row.cells:
            if cell.missing:
                label = "缺：" if cell.status == "missed" else "待开："
                assert label + "、".join(cell.missing) in shown
    assert any(cell.missing for row in page.context["rows"] for cell in row.cells)


@LATE_IN_2026
def test_the_matrix_export_colours_the_cells(client_for, county_admin, rules, meeting1):
    response = client_for(county_admin).get(reverse("meetings:compliance_export") + "?year=2026&granularity=month")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "第一党支部"
    assert "缺" in sheet["B3"].value and sheet["B3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert AuditEntry.objects.filter(action=Action.EXPORT, details__what="meeting compliance").exists()


def test_the_attendance_page_lists_rates_and_lost_contact(client_for, secretary1, secretary2, branch1, roll):
    today = timezone.localdate()
    for days in (20, 60, 100):
        meeting_with(
            branch1, MeetingKind.THEMED_DAY, [(roll[0], P), (roll[4], A)], held_on=today - datetime.timedelta(days=days)
        )
    response = client_for(secretary1).get(reverse("meetings:attendance"))
    assert [member.name for member in response.context["lost"]] == [roll[4].name]
    rates = {member.name: member.rate for member in response.context["page_obj"]}
    assert rates[roll[0].name] == 100 and rates[roll[4].name] == 0 and rates[roll[1].name] is None
    assert "自行脱党预警" in response.content.decode()
    other = client_for(secretary2).get(reverse("meetings:attendance"))
    assert list(other.context["lost"]) == [] and roll[4].name not in other.content.decode()


def test_the_attendance_export_is_logged(client_for, secretary1, meeting1):
    response = client_for(secretary1).get(reverse("meetings:attendance_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "姓名" and sheet.max_row == 2 + 6
    assert AuditEntry.objects.filter(action=Action.EXPORT, details__what="attendance rates").exists()


# --- who may do what -------------------------------------------------------------------------------


def test_committee_staff_edit_any_branch_of_the_committee(client_for, committee_staff, meeting1, meeting2):
    client = client_for(committee_staff)
    assert client.get(reverse("meetings:update", args=[meeting1.pk])).status_code == 200
    assert client.get(reverse("meetings:update", args=[meeting2.pk])).status_code == 200
    assert MeetingFactory._meta.model.objects.visible_to(committee_staff).count() == 2


def test_the_matrix_pages_its_branches_and_the_export_has_them_all(client_for, committee_staff, committee):
    from tests.factories import BranchFactory

    for ordinal in range(1, 26):
        BranchFactory(committee=committee, ordinal=ordinal, name=f"测试第{ordinal}党支部")
    client = client_for(committee_staff)
    first = client.get(reverse("meetings:compliance"))
    second = client.get(reverse("meetings:compliance"), {"page": 2})
    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 5
    names = {row.branch.name for row in first.context["rows"]} | {row.branch.name for row in second.context["rows"]}
    assert len(names) == 25
    sheet = load_workbook(io.BytesIO(client.get(reverse("meetings:compliance_export")).content)).active
    assert sheet.max_row - 2 == 25
