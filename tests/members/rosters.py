"""Roster files the tests generate: xlsx and Excel 97–2003 .xls with title rows, CSV in any encoding."""

import csv
import datetime
import io

from openpyxl import Workbook

from members.id_number import make_id_number

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "入党时间",
    "转正时间",
    "人员类别",
    "所在党支部",
    "联系电话",
]


def an_id(born=datetime.date(1990, 3, 4), sequence=1, male=True):
    """A valid ID number; ``sequence`` keeps several apart (odd → male)."""
    return make_id_number("431028", born, sequence * 2 + (1 if male else 0))


def person(sequence=1, **changes):
    """One valid roster row as a dict keyed by the headers above."""
    row = {
        "序号": sequence,
        "姓名": f"党员{sequence}",
        "性别": "男",
        "公民身份号码": an_id(sequence=sequence),
        "出生日期": "1990-03-04",
        "入党时间": "2012-07-01",
        "转正时间": "2013-07-01",
        "人员类别": "流动党员",
        "所在党支部": "第一党支部",
        "联系电话": "13800138000",
    }
    row.update(changes)
    return row


def xlsx_bytes(rows, headers=None, title_rows=()):
    headers = headers or (list(rows[0].keys()) if rows else HEADERS)
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(rows, headers=None, title_rows=()):
    """An Excel 97–2003 workbook (xlwt, which django-import-export's [xls] extra installs).
    Cells keep their Python types: a date is a date cell, a number a number cell, as in a
    roster someone typed in Excel."""
    import xlwt

    headers = headers or (list(rows[0].keys()) if rows else HEADERS)
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    lines = [[title] for title in title_rows] + [headers] + [[row.get(h) for h in headers] for row in rows]
    for number, values in enumerate(lines):
        for column, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write(number, column, value, date_style)
            elif value is not None:
                sheet.write(number, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8", headers=None):
    headers = headers or list(rows[0].keys())
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return text.getvalue().encode(encoding)
