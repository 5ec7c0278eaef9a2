"""The Excel round trip: the 花名册 export carries a 档案编号; edited in Excel and imported back,
it changes exactly the fields that were edited (旧值 → 新值 in the preview, a history row each),
and a masked ID number means "unchanged"."""

import io

import pytest
from openpyxl import load_workbook

from members.importing.engine import import_roster
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

FIELDS = [f.name for f in Member._meta.concrete_fields if f.name not in ("version", "updated_at")]


def export(client):
    response = client.get("/members/export/roster/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def columns_of(sheet):
    """The header row (under the title) as {header: column number}, and the rows under it by 档案编号."""
    headers = {cell.value: cell.column for cell in sheet[2]}
    rows = {sheet.cell(row=row, column=1).value: row for row in range(3, sheet.max_row + 1)}
    return headers, rows


def saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot():
    return {member["id"]: member for member in Member.objects.values(*FIELDS)}


@pytest.fixture
def roster(committee, branch1, branch2):
    return [
        MemberFactory(name=name, branch=branch, employer="东莞某厂（二期）", notes="=1+1")
        for name, branch in (("张三", branch1), ("李四", branch1), ("王五", branch2))
    ]


def test_the_export_read_back_unchanged_changes_nothing(client_for, committee_staff, committee, roster):
    data = saved(export(client_for(committee_staff)))
    report = import_roster(data, committee=committee, dry_run=True)
    assert report.ok, report.bad_rows
    assert report.counts == {"total": 3, "new": 0, "update": 0, "unchanged": 3, "invalid": 0}
    assert report.unmatched == []  # 出生年份 and 状态 are read past, not reported


def test_two_edited_cells_change_exactly_those_two_fields(client_for, committee_staff, committee, roster, branch2):
    zhang, li, wang = roster
    workbook = export(client_for(committee_staff))
    sheet = workbook.active
    headers, rows = columns_of(sheet)
    assert sheet.cell(row=rows[f"DA{zhang.pk:07d}"], column=headers["公民身份号码"]).value == zhang.masked_id_number
    sheet.cell(row=rows[f"DA{zhang.pk:07d}"], column=headers["联系电话"], value="13912345678")
    sheet.cell(row=rows[f"DA{li.pk:07d}"], column=headers["所在党支部"], value=branch2.name)
    data = saved(workbook)
    before = snapshot()

    preview = import_roster(data, committee=committee, dry_run=True)
    assert preview.counts == {"total": 3, "new": 0, "update": 2, "unchanged": 1, "invalid": 0}
    changes = {row["name"]: row["changes"] for row in preview.rows if row["changes"]}
    assert changes == {
        "张三": [{"column": "联系电话", "old": "13800138000", "new": "13912345678"}],
        "李四": [{"column": "所在党支部", "old": "第一党支部", "new": branch2.name}],
    }
    assert snapshot() == before  # the preview writes nothing

    report = import_roster(data, committee=committee, dry_run=False, file_name="花名册.xlsx")
    assert report.written
    after = snapshot()
    differences = {
        (pk, name) for pk, values in after.items() for name, value in values.items() if before[pk][name] != value
    }
    assert differences == {(zhang.pk, "phone"), (li.pk, "branch")}
    for member, version in ((zhang, 2), (li, 2), (wang, 1)):
        member.refresh_from_db()
        assert member.version == version
    assert zhang.history.count() == 2 and wang.history.count() == 1
    last = zhang.history.first()
    assert (last.phone, last.history_type, last.history_change_reason) == ("13912345678", "~", "从 花名册.xlsx 导入")
    assert last.prev_record.phone == "13800138000"


def test_a_masked_number_that_is_not_the_files_is_refused(client_for, committee_staff, committee, roster):
    zhang, li, _wang = roster
    workbook = export(client_for(committee_staff))
    sheet = workbook.active
    headers, rows = columns_of(sheet)
    sheet.cell(row=rows[f"DA{zhang.pk:07d}"], column=headers["公民身份号码"], value=li.masked_id_number)
    report = import_roster(saved(workbook), committee=committee, dry_run=True)
    (bad,) = report.bad_rows
    assert bad["name"] == "张三" and "脱敏号码" in bad["errors"][0]["message"]


def test_a_masked_number_without_a_file_number_names_nobody(committee, branch1, roster):
    from tests.members.rosters import person, xlsx_bytes

    report = import_roster(xlsx_bytes([person(1, 公民身份号码=roster[0].masked_id_number)]), committee=committee)
    assert "无法确定是谁" in report.bad_rows[0]["errors"][0]["message"]


def test_a_file_number_of_another_committee_is_refused(client_for, committee_staff, committee, roster):
    other = MemberFactory()  # another committee's
    workbook = export(client_for(committee_staff))
    sheet = workbook.active
    _headers, rows = columns_of(sheet)
    sheet.cell(row=rows[f"DA{roster[0].pk:07d}"], column=1, value=f"DA{other.pk:07d}")
    report = import_roster(saved(workbook), committee=committee, dry_run=True)
    assert "不是本流动党委的党员档案" in report.bad_rows[0]["errors"][0]["message"]


def test_a_branch_secretary_exports_only_the_branchs_roster(client_for, secretary1, roster):
    _headers, rows = columns_of(export(client_for(secretary1)).active)
    assert set(rows) == {f"DA{roster[0].pk:07d}", f"DA{roster[1].pk:07d}"}
