"""The import centre: upload → preview → confirm, history, template, limits, committee scope."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from members.models import ImportBatch, ImportStatus, Member
from tests.members.rosters import an_id, person, xls_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(client, data, name="花名册.xlsx", committee=None):
    payload = {"file": SimpleUploadedFile(name, data)}
    if committee is not None:
        payload["committee"] = committee.pk
    return client.post("/imports/", payload)


def test_upload_preview_then_confirm_imports_the_roster(client_for, committee_staff, committee, branch1):
    client = client_for(committee_staff)
    response = upload(client, xlsx_bytes([person(1), person(2)], title_rows=["党员花名册"]), committee=committee)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{batch.pk}/"
    assert batch.status == ImportStatus.PREVIEWED and batch.new_count == 2
    assert Member.objects.count() == 0  # the preview writes nothing

    text = client.get(response.url).content.decode()
    assert "确认导入" in text and "党员1" in text and "新增" in text

    confirmed = client.post(f"/imports/{batch.pk}/confirm/")
    assert confirmed.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED and batch.imported_at is not None
    assert not batch.file  # the stored roster (full ID numbers) is gone
    assert Member.objects.count() == 2
    assert Member.history.filter(history_user=committee_staff).count() == 2
    entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert (entry.username, entry.details["new"], entry.details["file"]) == ("staff", 2, "花名册.xlsx")
    # A second confirm of the same batch does nothing.
    client.post(f"/imports/{batch.pk}/confirm/")
    assert Member.objects.count() == 2


def test_an_xls_roster_goes_through_the_import_centre(client_for, committee_staff, committee, branch1):
    client = client_for(committee_staff)
    upload(client, xls_bytes([person(1), person(2, 联系电话=13900139000)]), name="花名册.xls", committee=committee)
    batch = ImportBatch.objects.get()
    assert (batch.file_format, batch.status, batch.new_count) == ("xls", ImportStatus.PREVIEWED, 2)
    client.post(f"/imports/{batch.pk}/confirm/")
    assert sorted(Member.objects.values_list("phone", flat=True)) == ["13800138000", "13900139000"]


def test_the_preview_shows_every_bad_row_with_the_users_header_and_offers_no_confirm(
    client_for, county_admin, committee, branch1
):
    client = client_for(county_admin)
    rows = [person(1, 人员类别="临时"), person(2), person(3, 联系电话="1")]
    for row in rows:
        row["党员类别"] = row.pop("人员类别")  # the header as this user writes it
    upload(client, xlsx_bytes(rows), committee=committee)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED and batch.error_count == 2
    text = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "党员类别</span>：“临时”不是允许的值" in text
    assert "联系电话</span>：“1”不是有效电话号码" in text
    assert "确认导入" not in text
    assert client.post(f"/imports/{batch.pk}/confirm/").status_code == 302
    assert Member.objects.count() == 0


def test_unmatched_columns_show_in_the_preview_and_the_history(client_for, committee_staff, committee, branch1):
    client = client_for(committee_staff)
    upload(client, xlsx_bytes([dict(person(1), 爱好="书法")]), committee=committee)
    batch = ImportBatch.objects.get()
    assert batch.unmatched_columns == ["爱好"]
    assert "书法" not in client.get(f"/imports/{batch.pk}/").content.decode()
    assert "爱好" in client.get(f"/imports/{batch.pk}/").content.decode()
    assert "花名册.xlsx" in client.get("/imports/").content.decode()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(client_for, county_admin, committee):
    response = upload(client_for(county_admin), b"x" * (10 * 1024 * 1024 + 1), committee=committee)
    assert "超过 10 MB 的文件不予接收" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_broken_file_gets_a_chinese_message_in_the_preview(client_for, county_admin, committee):
    client = client_for(county_admin)
    upload(client, b"\x00\x01binary" * 100, name="名单.csv", committee=committee)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED and not batch.file
    assert "不是电子表格" in client.get(f"/imports/{batch.pk}/").content.decode()


def test_the_file_name_is_shown_but_never_used_as_a_path(client_for, county_admin, committee, branch1):
    upload(client_for(county_admin), xlsx_bytes([person(1)]), name="../../etc/passwd.xlsx", committee=committee)
    batch = ImportBatch.objects.get()
    assert batch.file_name == "passwd.xlsx"
    assert batch.file.name.startswith("imports/") and "passwd" not in batch.file.name
    assert batch.file.name.endswith(".xlsx")


def test_the_template_has_canonical_headers_an_example_and_drop_downs(client_for, committee_staff, branch1, branch2):
    response = client_for(committee_staff).get("/imports/template/")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["姓名", "性别", "民族", "出生日期", "公民身份号码"]
    assert sheet["A2"].value == "王静"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert len(validations) == 4
    options = workbook["选项"]
    assert [cell.value for cell in options["D"] if cell.value] == ["第一党支部", "第二党支部"]


def test_the_templates_example_row_is_never_imported(client_for, county_admin, committee, branch1):
    """The template reads cleanly, and its example row (备注 示例…) is skipped, said so, never written."""
    from members.importing.engine import import_roster

    data = client_for(county_admin).get("/imports/template/").content
    alone = import_roster(data, committee=committee, dry_run=False)
    assert not alone.written and "示例行" in alone.file_errors[0]
    assert alone.skipped == [{"row": 2, "reason": "模板的示例行（备注写有“示例”）"}]
    # Filled in under the example row, the real member is imported and the example is not.
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    example = [cell.value for cell in sheet[2]]
    sheet.append(["刘新", *example[1:4], an_id(sequence=9, male=False), *example[5:-1], "新来的"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_roster(buffer.getvalue(), committee=committee, dry_run=False)
    assert report.written and report.counts["new"] == 1 and len(report.skipped) == 1
    assert list(Member.objects.values_list("name", flat=True)) == ["刘新"]


def test_a_committee_member_sees_only_the_committees_import_history(client_for, committee_staff, county_admin):
    from tests.factories import CommitteeFactory

    other = ImportBatch.objects.create(committee=CommitteeFactory(), file_name="别的党委.xlsx")
    assert "别的党委" not in client_for(committee_staff).get("/imports/").content.decode()
    assert client_for(committee_staff).get(f"/imports/{other.pk}/").status_code == 404
    assert client_for(county_admin).get(f"/imports/{other.pk}/").status_code == 200


def test_an_unconfirmed_preview_loses_its_roster_after_a_day(client_for, committee_staff, committee, branch1):
    """The stored roster holds full ID numbers: a preview nobody confirms keeps it a day at most."""
    import datetime

    import time_machine
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    client = client_for(committee_staff)
    upload = SimpleUploadedFile("名册.xlsx", xlsx_bytes([person(1)]))
    client.post(reverse("members:import_centre"), {"committee": committee.pk, "file": upload})
    batch = ImportBatch.objects.get()
    path = batch.file.path
    assert batch.status == ImportStatus.PREVIEWED and os.path.exists(path)
    # The daily job, a little under and a little over a day later.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23)):
        call_command("expire_import_previews")
        assert os.path.exists(path)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        call_command("expire_import_previews")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.EXPIRED and not batch.file and not os.path.exists(path)
    response = client_for(committee_staff).post(reverse("members:import_confirm", args=[batch.pk]), follow=True)
    assert not Member.objects.exists() and response.status_code == 200


def test_a_new_upload_expires_the_previews_left_for_a_day(client_for, committee_staff, committee, branch1):
    import datetime

    import time_machine
    from django.urls import reverse
    from django.utils import timezone

    def send():
        roster = SimpleUploadedFile("名册.xlsx", xlsx_bytes([person(1)]))
        client_for(committee_staff).post(reverse("members:import_centre"), {"committee": committee.pk, "file": roster})

    send()
    first = ImportBatch.objects.get()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        send()
    first.refresh_from_db()
    assert first.status == ImportStatus.EXPIRED and not first.file
    assert ImportBatch.objects.exclude(pk=first.pk).get().status == ImportStatus.PREVIEWED
