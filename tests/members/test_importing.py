"""The import engine: formats, headers, dates, normalisation, every rule, atomicity, dedupe."""

import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from members.importing.engine import import_roster
from members.models import Category, Education, Gender, Member
from tests.factories import MemberFactory
from tests.members.rosters import an_id, csv_bytes, person, xls_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(data, committee, dry_run=False):
    return import_roster(data, committee=committee, dry_run=dry_run, file_name="花名册.xlsx")


def errors_of(report, row):
    return {
        error["column"]: error["message"] for entry in report.rows if entry["row"] == row for error in entry["errors"]
    }


# --- formats -----------------------------------------------------------------------


def test_an_xlsx_with_title_rows_above_the_header_is_imported(committee, branch1):
    data = xlsx_bytes([person(1), person(2)], title_rows=["安仁县驻广东流动党委党员花名册", "填报日期：2026年11月"])
    report = run(data, committee)
    assert report.ok and report.written
    assert report.header_row == 3
    assert [row["row"] for row in report.rows] == [4, 5]
    assert Member.objects.filter(branch=branch1).count() == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_csv_in_any_chinese_encoding_is_detected_and_imported(committee, branch1, encoding):
    report = run(csv_bytes([person(1, 姓名="欧阳玲桂")], encoding=encoding), committee)
    assert report.ok, report.as_json()
    assert Member.objects.get().name == "欧阳玲桂"


def test_excels_unicode_text_is_read(committee, branch1):
    """Excel's "Unicode text" (文本文件 Unicode): UTF-16 with a byte-order mark, tab-separated."""
    rows = [person(1, 姓名="欧阳玲桂"), person(2)]
    headers = list(rows[0].keys())
    lines = [headers, *[[str(row.get(header, "")) for header in headers] for row in rows]]
    text = "\r\n".join("\t".join(line) for line in lines)
    report = run(text.encode("utf-16"), committee)
    assert report.ok, report.as_json()
    assert sorted(Member.objects.values_list("name", flat=True)) == sorted(row["姓名"] for row in rows)


def test_an_xls_roster_from_excel_97_is_imported_with_its_typed_cells(committee, branch1):
    """Excel 97–2003 gives numbers back as floats and dates as date cells: a phone typed
    as a number, 序号 1.0 and a date cell must land as the text and dates a file holds."""
    typed = person(
        1,
        姓名="欧阳玲桂",
        联系电话=13800138000,
        出生日期=datetime.date(1990, 3, 4),
        入党时间=datetime.date(2012, 7, 1),
        转正时间="2013.07.01",
    )
    data = xls_bytes([typed, person(2)], title_rows=["安仁县驻广东流动党委党员花名册"])
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 compound file, not an xlsx renamed
    report = run(data, committee)
    assert report.file_format == "xls"
    assert report.ok and report.written, report.as_json()
    assert report.header_row == 2 and [row["row"] for row in report.rows] == [3, 4]
    member = Member.objects.get(name="欧阳玲桂")
    assert (member.phone, member.id_number) == ("13800138000", an_id(sequence=1))
    assert (member.birth_date, member.joined_party_on) == (datetime.date(1990, 3, 4), datetime.date(2012, 7, 1))
    assert member.full_member_on == datetime.date(2013, 7, 1)
    assert Member.objects.filter(branch=branch1).count() == 2


def test_an_xls_roster_with_a_bad_row_writes_nothing_and_names_the_row(committee, branch1):
    data = xls_bytes([person(1), person(2, 公民身份号码="431028199003040000")])
    report = run(data, committee)
    assert not report.ok and not report.written
    assert "公民身份号码" in errors_of(report, 3)
    assert not Member.objects.exists()


def test_the_import_command_reads_an_xls_file(committee, branch1, tmp_path, capsys):
    path = tmp_path / "花名册.xls"
    path.write_bytes(xls_bytes([person(1), person(2)]))
    call_command("import_members", str(path), "--committee", str(committee.pk))
    assert Member.objects.filter(branch=branch1).count() == 2


def test_the_format_is_told_by_the_content_not_the_file_name(committee, branch1):
    # An xlsx uploaded under a .csv name is read as the xlsx it is.
    report = import_roster(xlsx_bytes([person(1)]), committee=committee, dry_run=True, file_name="名单.csv")
    assert report.file_format == "xlsx" and report.ok


# --- headers -----------------------------------------------------------------------


def test_header_aliases_full_width_forms_and_bracketed_notes_are_recognised(committee, branch1):
    row = {
        "序号": 1,
        "姓　名": "王静",
        "身份证号码": an_id(sequence=5, male=False),
        "出生年月": "1990.03",
        "入党日期": "2012年7月1日",
        "转正日期": "2013.7",
        "党员类别": "流动",
        "支部": "第一党支部",
        "户籍所在地（乡镇）": "永乐江镇",
        "村（社区）": "新洲村",
        "联系电话(手机)": "13800138000",
        "文化程度": "大专",
        "外出时间": "2015.03",
        "流出地党组织": "新洲村党支部",
        "工作单位": "东莞某厂",
        "职务": "班长",
        "工作城市": "东莞",
        "流动党员活动证号": "AR001",
        "备注": "无",
    }
    report = run(xlsx_bytes([row]), committee)
    assert report.ok, report.as_json()
    assert report.unmatched == []
    member = Member.objects.get()
    assert (member.hometown_township, member.hometown_village, member.phone) == ("永乐江镇", "新洲村", "13800138000")
    assert member.education == Education.JUNIOR_COLLEGE
    assert member.category == Category.MOBILE
    assert member.gender == Gender.FEMALE  # from the ID, the file had no gender column
    assert member.left_home_on == datetime.date(2015, 3, 1)


def test_columns_that_match_nothing_are_reported_and_do_not_stop_the_import(committee, branch1):
    row = dict(person(1), 爱好="唱歌", 微信号="wx123")
    report = run(xlsx_bytes([row]), committee)
    assert report.ok
    assert report.unmatched == ["爱好", "微信号"]
    assert Member.objects.count() == 1


def test_a_missing_required_column_is_a_file_error(committee, branch1):
    row = person(1)
    del row["人员类别"]
    report = run(xlsx_bytes([row]), committee)
    assert not report.ok
    assert "人员类别" in report.file_errors[0]
    assert Member.objects.count() == 0


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (datetime.datetime(2004, 7, 1), datetime.date(2004, 7, 1)),  # an Excel date cell
        ("2004-07-01", datetime.date(2004, 7, 1)),
        ("2004/7/1", datetime.date(2004, 7, 1)),
        ("2004.7.1", datetime.date(2004, 7, 1)),
        ("2004.07", datetime.date(2004, 7, 1)),
        ("2004.7", datetime.date(2004, 7, 1)),
        ("2004年7月", datetime.date(2004, 7, 1)),
        ("2004年7月1日", datetime.date(2004, 7, 1)),
        ("20040701", datetime.date(2004, 7, 1)),
        (20040701, datetime.date(2004, 7, 1)),  # typed into a number cell
        (2004.07, datetime.date(2004, 7, 1)),  # '2004.07' turned into a number by Excel
    ],
)
def test_every_date_style_is_read(committee, branch1, written, expected):
    report = run(xlsx_bytes([person(1, 入党时间=written, 转正时间=None)]), committee)
    assert report.ok, report.as_json()
    assert Member.objects.get().joined_party_on == expected


def test_a_date_that_is_not_a_date_names_the_accepted_styles(committee, branch1):
    report = run(xlsx_bytes([person(1, 入党时间="七月一日"), person(2, 入党时间="2004-02-30")]), committee)
    assert "2004年7月" in errors_of(report, 2)["入党时间"]
    assert "不是有效日期" in errors_of(report, 3)["入党时间"]


def test_a_future_date_is_refused(committee, branch1):
    report = run(xlsx_bytes([person(1, 转正时间="2099-01-01")]), committee)
    assert "晚于今天" in errors_of(report, 2)["转正时间"]


# --- normalisation -----------------------------------------------------------------


def test_spaces_full_width_characters_and_a_lowercase_x_are_normalised(committee, branch1):
    number = next(an_id(sequence=n) for n in range(1, 400) if an_id(sequence=n).endswith("X"))
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in number[:6]) + number[6:-1] + "x"
    report = run(
        xlsx_bytes([person(1, 姓名="王　静 ", 公民身份号码=f" {full_width}\u3000", 联系电话="１３８ 0013 8000")]),
        committee,
    )
    assert report.ok, report.as_json()
    member = Member.objects.get()
    assert (member.name, member.id_number, member.phone) == ("王静", number, "13800138000")


# --- rules -------------------------------------------------------------------------


def test_a_wrong_check_digit_is_refused(committee, branch1):
    number = an_id(sequence=1)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    report = run(xlsx_bytes([person(1, 公民身份号码=wrong)]), committee)
    assert "校验位" in errors_of(report, 2)["公民身份号码"]


@pytest.mark.parametrize("mangled", [4.31028e17, "4.31028E+17", 431028199003040000])
def test_an_id_number_excel_turned_into_a_number_is_refused_as_unrecoverable(committee, branch1, mangled):
    report = run(xlsx_bytes([person(1, 公民身份号码=mangled)]), committee)
    message = errors_of(report, 2)["公民身份号码"]
    assert "无法恢复" in message and "文本" in message


def test_the_written_birth_date_and_gender_must_agree_with_the_id_number(committee, branch1):
    rows = [
        person(1, 出生日期="1991-03-04"),
        person(2, 性别="女"),
        person(3, 出生日期="1990.03"),  # year and month agree: fine
        person(4, 出生日期="1990.04"),
    ]
    report = run(xlsx_bytes(rows), committee, dry_run=True)
    assert "不一致" in errors_of(report, 2)["出生日期"]
    assert "第17位" in errors_of(report, 3)["性别"]
    assert errors_of(report, 4) == {}
    assert "不一致" in errors_of(report, 5)["出生日期"]


def test_full_membership_cannot_come_before_joining(committee, branch1):
    rows = [
        person(1, 入党时间="2012-07-01", 转正时间="2012-06-30"),
        person(2, 入党时间="2012.07", 转正时间="2012-07-01"),
        # Known to the month only, a full membership in the month of joining is not early.
        person(3, 入党时间="2012-07-15", 转正时间="2012.07"),
        person(4, 入党时间="2012-07-15", 转正时间="2012-07-14"),
    ]
    report = run(xlsx_bytes(rows), committee, dry_run=True)
    # The model's rule and message (Member.clean), the same as on the edit form.
    assert errors_of(report, 2)["转正时间"] == "转正时间不能早于入党时间。"
    assert errors_of(report, 3) == {}
    assert errors_of(report, 4) == {}
    assert errors_of(report, 5)["转正时间"] == "转正时间不能早于入党时间。"


@pytest.mark.parametrize("phone", ["13800138000", "075512345678", "0755-1234567"])
def test_mobile_and_landline_numbers_are_accepted(committee, branch1, phone):
    assert run(xlsx_bytes([person(1, 联系电话=phone)]), committee, dry_run=True).ok


@pytest.mark.parametrize("phone", ["12800138000", "1380013800", "138001380001", "abc"])
def test_other_phone_numbers_are_refused(committee, branch1, phone):
    report = run(xlsx_bytes([person(1, 联系电话=phone)]), committee, dry_run=True)
    assert "11位手机号码" in errors_of(report, 2)["联系电话"]


def test_the_branch_must_exist_in_the_committee(committee, branch1, branch2):
    report = run(
        xlsx_bytes([person(1, 所在党支部="第十二党支部"), person(2, 所在党支部="安仁县驻广东流动党委第二党支部")]),
        committee,
    )
    message = errors_of(report, 2)["所在党支部"]
    assert "第十二党支部" in message and "第一党支部、第二党支部" in message
    assert errors_of(report, 3) == {}


def test_the_category_must_be_an_allowed_value_and_the_message_names_them(committee, branch1):
    report = run(xlsx_bytes([person(1, 人员类别="临时党员")]), committee)
    assert "直管党员、流动党员" in errors_of(report, 2)["人员类别"]


def test_the_same_id_twice_is_an_error_on_the_second_row_naming_the_first(committee, branch1):
    number = an_id(sequence=7)
    rows = [person(1, 公民身份号码=number), person(2), person(3, 公民身份号码=number.lower())]
    report = run(xlsx_bytes(rows), committee)
    assert errors_of(report, 2) == {}
    assert errors_of(report, 4)["公民身份号码"] == "与本文件第 2 行的公民身份号码重复。"


def test_a_member_of_another_committee_is_not_changed_by_import(committee, branch1):
    other = MemberFactory()  # its own committee
    report = run(xlsx_bytes([person(1, 公民身份号码=other.id_number, 出生日期=None, 性别=None)]), committee)
    assert "其他流动党委" in errors_of(report, 2)["公民身份号码"]


# --- all or nothing, dedupe, history -------------------------------------------------


def test_a_file_with_any_bad_row_writes_nothing_and_reports_every_bad_row(committee, branch1):
    rows = [person(1), person(2, 人员类别="临时"), person(3), person(4, 联系电话="123"), person(5)]
    report = run(xlsx_bytes(rows), committee)
    assert not report.written
    assert [row["row"] for row in report.bad_rows] == [3, 5]
    assert report.counts["new"] == 3
    assert Member.objects.count() == 0
    assert Member.history.count() == 0


def test_reimporting_the_same_people_updates_them_and_creates_no_duplicates(committee, branch1, branch2):
    rows = [person(1), person(2), person(3)]
    first = run(xlsx_bytes(rows), committee)
    assert first.counts == {"total": 3, "new": 3, "update": 0, "unchanged": 0, "invalid": 0}
    assert Member.history.filter(history_type="+").count() == 3

    rows[1]["联系电话"] = "13900139000"
    rows[2]["所在党支部"] = "第二党支部"
    second = run(xlsx_bytes([*rows, person(4)]), committee)
    assert second.counts == {"total": 4, "new": 1, "update": 2, "unchanged": 1, "invalid": 0}
    assert Member.objects.count() == 4
    changed = Member.objects.get(id_number=an_id(sequence=2))
    assert changed.phone == "13900139000" and changed.version == 2
    assert Member.objects.get(id_number=an_id(sequence=3)).branch == branch2
    # History rows for imported members: 4 created, 2 changed, none for the unchanged one.
    assert Member.history.filter(history_type="+").count() == 4
    assert Member.history.filter(history_type="~").count() == 2
    assert changed.history.first().history_change_reason == "从 花名册.xlsx 导入"


def test_an_empty_cell_leaves_what_the_file_already_says(committee, branch1):
    run(xlsx_bytes([person(1)]), committee)
    Member.objects.update(employer="东莞某厂")
    report = run(xlsx_bytes([person(1, 联系电话=None)]), committee)
    assert report.counts["unchanged"] == 1
    assert Member.objects.get().phone == "13800138000"


def test_a_year_month_date_keeps_the_precise_date_already_on_file(committee, branch1):
    run(xlsx_bytes([person(1, 入党时间="2012-07-15")]), committee)
    report = run(xlsx_bytes([person(1, 入党时间="2012.07")]), committee)
    assert report.counts["unchanged"] == 1
    assert Member.objects.get().joined_party_on == datetime.date(2012, 7, 15)


# --- bad files ---------------------------------------------------------------------


def file_error(data, committee):
    report = run(data, committee)
    assert not report.written and Member.objects.count() == 0
    return report.file_errors[0]


def test_a_truncated_xlsx_gets_a_clear_message(committee, branch1):
    data = xlsx_bytes([person(1)])
    assert "已损坏或不完整" in file_error(data[: len(data) // 2], committee)


def test_a_corrupt_xlsx_package_gets_a_clear_message(committee, branch1):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-xml")
    assert "已损坏或不完整" in file_error(buffer.getvalue(), committee)


def test_a_binary_file_renamed_csv_gets_a_clear_message(committee, branch1):
    assert "不是电子表格" in file_error(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, committee)


def test_an_empty_file_gets_a_clear_message(committee, branch1):
    assert file_error(b"", committee) == "文件是空的。"


def test_a_header_only_file_gets_a_clear_message(committee, branch1):
    assert "只有表头" in file_error(
        xlsx_bytes([], headers=["姓名", "公民身份号码", "入党时间", "人员类别", "支部"]), committee
    )


def test_a_file_without_a_header_row_gets_a_clear_message(committee, branch1):
    assert "找不到表头" in file_error(csv_bytes([{"a": 1, "b": 2}]), committee)


def test_a_file_with_a_thousand_columns_gets_a_clear_message(committee, branch1):
    headers = ["姓名", "公民身份号码", *[f"列{n}" for n in range(998)]]
    data = csv_bytes([{"姓名": "王静"}], headers=headers)
    assert "1000 列" in file_error(data, committee)


def test_a_file_over_the_size_limit_is_refused_before_parsing(committee, branch1):
    data = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    assert "50.0 MB" in file_error(data, committee)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(committee, branch1):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "解压" in file_error(buffer.getvalue(), committee)


# --- the command -------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_the_summary(committee, branch1, tmp_path, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([person(1), person(2)], encoding="gbk"))
    call_command("import_members", str(path))
    assert "新增 2" in capsys.readouterr().out
    assert Member.objects.count() == 2


def test_the_command_dry_run_writes_nothing(committee, branch1, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx_bytes([person(1)]))
    call_command("import_members", str(path), "--dry-run")
    assert "试运行" in capsys.readouterr().out
    assert Member.objects.count() == 0


def test_the_command_prints_every_bad_row_and_exits_1(committee, branch1, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx_bytes([person(1, 人员类别="临时"), person(2), person(3, 联系电话="1")]))
    with pytest.raises(CommandError) as raised:
        call_command("import_members", str(path))
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "第 2 行 · 人员类别" in err and "第 4 行 · 联系电话" in err
    assert Member.objects.count() == 0
