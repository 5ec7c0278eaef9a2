"""xlsx sheets for every list: Chinese headers, readable widths, a frozen header and
no formula injection. ``audit.exports`` sends them as logged downloads."""

import datetime
import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet should show it. Text that a spreadsheet would run as a
    formula (starting with = + - @) gets a leading apostrophe, so it stays text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def iso_date(value) -> str:
    """A date as the text YYYY-MM-DD, "" for none: a date cell would show in the reader's locale."""
    return f"{value:%Y-%m-%d}" if value else ""


TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
MAX_WIDTH = 60
# CJK characters (from U+2E81 on) are about twice as wide as Latin ones.
WIDE = re.compile("[\u2e81-\U0010ffff]")


def _width(value):
    text = str(value)
    wide = 0 if text.isascii() else len(WIDE.findall(text))
    return len(text) + wide + 2


def _sheet_rows(headers, rows):
    """Every row as the sheet shows it, and the column widths that fit the headers and
    the values (a header counts two per character, wide or not)."""
    widths = [len(str(header)) * 2 + 2 for header in headers]
    values = []
    for row in rows:
        row = [safe_cell(value) for value in row]
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = min(max(widths[index], _width(value)), MAX_WIDTH)
        values.append(row)
    return values, widths


def build_workbook(headers, rows, *, title=None, sheet_name="Sheet1"):
    """A workbook with an optional merged title row, then a bold frozen header row.

    Editable, for a caller that styles cells afterwards; ``audit.exports.xlsx_response``
    writes the same sheet with ``write_only_workbook`` instead."""
    values, widths = _sheet_rows(headers, rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    first = 1
    if title:
        sheet.cell(row=1, column=1, value=safe_cell(title)).font = TITLE_FONT
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(headers)))
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        first = 2
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=first, column=column, value=safe_cell(str(header)))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row in values:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    return workbook, len(values)


def write_only_workbook(headers, rows, *, title=None, sheet_name="Sheet1"):
    """The sheet ``build_workbook`` makes, written by openpyxl's write-only workbook.

    An ordinary workbook keeps a Cell object for every value (75,000 for 5,763 members)
    before saving; the write-only one turns each row into XML as it is appended. Column
    widths are written before the rows, so the rows are prepared first."""
    values, widths = _sheet_rows(headers, rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    # Everything above the rows (widths, the frozen pane) goes out with the first append.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    first = 2 if title else 1
    sheet.freeze_panes = f"A{first + 1}"
    if title:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = TITLE_FONT
        cell.alignment = Alignment(horizontal="center")
        sheet.append([cell])
        sheet.merged_cells.add(f"A1:{get_column_letter(max(1, len(headers)))}1")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(header)))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in values:
        sheet.append(row)
    return workbook, len(values)
