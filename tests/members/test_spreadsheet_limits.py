"""A 5 KB spreadsheet must not kill a worker: the grid a sheet spans is measured from the
file before the reader builds it, and refused past the limits with a Chinese message."""

import io
import zipfile

import pytest
import xlwt
from openpyxl import Workbook

from members.importing.spreadsheets import MAX_COLUMNS, MAX_ROWS, SpreadsheetError, read_table


def xlsx_reaching(*cells):
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "姓名"
    for ref in cells:
        sheet[ref] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_reaching(row, column):
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("名册")
    sheet.write(0, 0, "姓名")
    sheet.write(row, column, "x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(xlsx_reaching("XFD1048576"), id="xlsx to the last cell Excel has (the finding)"),
        pytest.param(xlsx_reaching("CV200000"), id="xlsx of 200,000 rows by 100 columns"),
        pytest.param(xlsx_reaching("CW2"), id="xlsx one column too wide"),
        pytest.param(xls_reaching(65535, 255), id="xls to its last cell"),
    ],
)
def test_a_tiny_file_spanning_a_huge_grid_is_refused_with_the_limits(data):
    assert len(data) < 10_000
    with pytest.raises(SpreadsheetError) as refused:
        read_table(data)
    message = str(refused.value)
    assert f"{MAX_ROWS}" in message and f"{MAX_COLUMNS}" in message


def test_a_sheet_whose_cells_have_no_references_is_measured_by_position():
    """Cells and rows may leave out their ``r`` attribute; readers then place them in turn."""
    wide = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(MAX_COLUMNS + 1))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"<row>{wide}</row></sheetData></worksheet>"
    )
    source = io.BytesIO(xlsx_reaching())
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else old.read(item))
    with pytest.raises(SpreadsheetError):
        read_table(target.getvalue())


def test_a_roster_at_the_limits_is_read():
    table = read_table(xlsx_reaching("AD2", f"AD{MAX_ROWS}"))  # 50,000 rows of 30 columns
    assert table.rows[-1][0] == MAX_ROWS and len(table.rows[-1][1]) == 30
    assert len(read_table(xlsx_reaching("CV2")).rows[1][1]) == MAX_COLUMNS  # the 100th column
