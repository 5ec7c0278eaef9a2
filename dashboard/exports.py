"""The formatted 党员队伍基本情况统计表 workbook, laid out like the paper form it replaces:
a merged title, the date line, a two-row Chinese header grouped by subject, one row
per branch and a totals row, printable on one A4 landscape page."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dashboard.profile import ProfileReport
from lib.xlsx import safe_cell

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def branch_label(branch, several_committees: bool) -> str:
    return f"{branch.committee} {branch.name}" if several_committees else branch.name


def signature_line(signatures) -> str:
    """填报单位 / 填表人 / 审核人 / 填报日期, as the line under a printed statistics report."""
    blank = "__________"
    return "    ".join(
        [
            _("Reporting unit: %(value)s") % {"value": signatures["unit"]},
            _("Prepared by: %(value)s") % {"value": signatures["preparer"] or blank},
            _("Reviewed by: %(value)s") % {"value": signatures["reviewer"] or blank},
            _("Date: %(value)s") % {"value": f"{signatures['date']:%Y-%m-%d}"},
        ]
    )


def profile_workbook(report: ProfileReport, unit: str, *, signatures=None) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Members at a glance")[:31]
    width = 1 + len(report.items)
    several_committees = len({branch.committee_id for branch, _counts in report.rows}) > 1

    def merged(row, first, last, value, *, font=None, last_row=None):
        cell = sheet.cell(row=row, column=first, value=safe_cell(value))
        cell.alignment = CENTRE
        if font:
            cell.font = font
        if last > first or (last_row or row) > row:
            sheet.merge_cells(start_row=row, start_column=first, end_row=last_row or row, end_column=last)
        return cell

    merged(1, 1, width, _("Party members at a glance"), font=Font(bold=True, size=16))
    sheet.row_dimensions[1].height = 30
    on = date_format(report.on, "DATE_FORMAT")
    merged(2, 1, width, _("As on %(date)s · reporting unit: %(unit)s · in persons") % {"date": on, "unit": unit})

    # Two header rows: the subject over its items; a one-item subject spans both rows.
    bold = Font(bold=True)
    merged(3, 1, 1, _("Branch"), font=bold, last_row=4)
    column = 2
    for group in report.groups:
        last = column + len(group.items) - 1
        if len(group.items) == 1:
            merged(3, column, column, group.items[0].label, font=bold, last_row=4)
        else:
            merged(3, column, last, group.label, font=bold)
            for offset, item in enumerate(group.items):
                merged(4, column + offset, column + offset, item.label, font=bold)
        column = last + 1
    sheet.row_dimensions[4].height = 45

    keys = [item.key for item in report.items]
    lines = [
        [branch_label(branch, several_committees), *[counts[key] for key in keys]] for branch, counts in report.rows
    ]
    lines.append([_("Total"), *[report.totals[key] for key in keys]])
    for offset, line in enumerate(lines):
        for index, value in enumerate(line, start=1):
            cell = sheet.cell(row=5 + offset, column=index, value=safe_cell(value))
            cell.alignment = CENTRE if index > 1 else Alignment(vertical="center")
    for cell in sheet[4 + len(lines)]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=3, max_row=4 + len(lines), max_col=width):
        for cell in row:
            cell.border = BORDER
            if cell.row <= 4:
                cell.fill = HEADER_FILL

    if signatures:
        merged(5 + len(lines) + 1, 1, width, signature_line(signatures))
    sheet.column_dimensions["A"].width = 22 if several_committees else 14
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 7
    sheet.freeze_panes = "B5"
    # One A4 landscape page wide, header rows repeated on every printed page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:4"
    return workbook
