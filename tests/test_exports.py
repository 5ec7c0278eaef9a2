import datetime
import io

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from audit.exports import xlsx_response
from audit.models import Action, AuditEntry
from lib.xlsx import build_workbook, safe_cell, write_only_workbook


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)"])
def test_formula_like_text_stays_text(text):
    assert safe_cell(text) == "'" + text


def test_plain_values_pass_through():
    assert safe_cell("王静") == "王静"
    assert safe_cell(12) == 12
    assert safe_cell(None) == ""


def test_an_export_is_a_readable_workbook_and_is_logged(db, secretary1):
    request = RequestFactory().get("/members/export/", REMOTE_ADDR="10.0.0.8")
    request.user = secretary1
    response = xlsx_response(
        request,
        filename="党员名册",
        headers=["姓名", "电话"],
        rows=[["王静", "13800138000"], ["=cmd", "1"]],
        title="党员名册",
        what="members",
        filters={"branch": "1"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "党员名册"
    assert [c.value for c in sheet[2]] == ["姓名", "电话"]
    assert sheet["A4"].value == "'=cmd"
    assert sheet.freeze_panes == "A3"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.details["rows"]) == (Action.EXPORT, "secretary1", 2)
    assert entry.ip_address == "10.0.0.8"


def _reloaded(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(buffer).active
    cells = [
        [(cell.value, cell.font.b, cell.font.sz, cell.fill.fgColor.rgb, cell.alignment.horizontal) for cell in row]
        for row in sheet.iter_rows()
    ]
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    return cells, widths, sheet.freeze_panes, [str(cells) for cells in sheet.merged_cells.ranges], sheet.title


@pytest.mark.parametrize("title", ["党员名单", None])
def test_the_write_only_sheet_is_the_editable_one(title):
    headers = ["姓名", "出生日期", "n"]
    rows = [["王静", datetime.date(1990, 5, 1), 3], ["=cmd", None, 2.5], ["安仁县" * 30, True, -1]]
    written, count = write_only_workbook(headers, rows, title=title)
    assert count == 3
    assert _reloaded(written) == _reloaded(build_workbook(headers, rows, title=title)[0])


def test_columns_fit_wide_characters_up_to_a_limit():
    _cells, widths, *_rest = _reloaded(write_only_workbook(["姓名", "n"], [["王静", "ab"], ["安" * 40, "abcd"]])[0])
    # A header counts two per character; a CJK value two, a Latin one, plus 2; at most 60.
    assert widths == {"A": 60, "B": 6}
