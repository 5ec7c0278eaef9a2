"""The roster's columns: each field's header and the aliases users write, and finding the header row
(under any title rows; full-width forms and bracketed notes allowed)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lib.xlsx import FORMULA_STARTS
from members.importing.spreadsheets import SpreadsheetError

# (field, canonical header, other names users write). The canonical header is what
# the template and the full roster export use.
COLUMNS = [
    ("name", "姓名", []),
    ("gender", "性别", []),
    ("ethnicity", "民族", []),
    ("birth_date", "出生日期", ["出生年月"]),
    ("id_number", "公民身份号码", ["身份证号", "身份证号码", "身份证"]),
    ("education", "学历", ["文化程度", "最高学历"]),
    ("joined_party_on", "入党时间", ["入党日期"]),
    ("full_member_on", "转正时间", ["转正日期"]),
    ("category", "人员类别", ["党员类别"]),
    ("branch", "所在党支部", ["支部", "所在支部", "党支部"]),
    ("hometown_township", "户籍所在地（乡镇）", ["户籍地", "乡镇"]),
    ("hometown_village", "村（社区）", ["村"]),
    ("home_organisation", "流出地党组织", []),
    ("left_home_on", "外出时间", []),
    ("employer", "工作单位", []),
    ("position", "职务", []),
    ("work_city", "工作城市", []),
    ("phone", "联系电话", ["手机号码", "手机号", "手机"]),
    ("activity_certificate_no", "流动党员活动证号", []),
    ("notes", "备注", []),
]
# 档案编号: the file a row belongs to (members.file_numbers), written by the roster export.
FILE_NUMBER = "file_number"
FILE_NUMBER_HEADER = "档案编号"
# The roster export's columns that an import reads past: the birth year (the birth date
# comes from the ID number) and the status (changed only through its rules, not by import).
IGNORED_HEADERS = {"序号", "出生年份", "状态"}
# Columns a new member cannot do without (gender and birth date come from the ID).
REQUIRED_FIELDS = ["name", "id_number", "joined_party_on", "category", "branch"]
FIELD_HEADERS = {name: header for name, header, _aliases in COLUMNS} | {FILE_NUMBER: FILE_NUMBER_HEADER}

_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def normalize_header(text) -> str:
    """'户籍所在地（乡镇）', ' 联系电话(手机) ', '姓　名*' → '户籍所在地', '联系电话', '姓名'."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = "".join(text.split()).strip("*")
    while True:
        stripped = _TRAILING_NOTE.sub("", text)
        if stripped == text or not stripped:
            return text
        text = stripped


HEADER_FIELDS = {normalize_header(name): FILE_NUMBER for name in (FILE_NUMBER_HEADER, "档案号")}
for _field, _header, _aliases in COLUMNS:
    for _name in [_header, *_aliases]:
        HEADER_FIELDS[normalize_header(_name)] = _field


def clean_text(value) -> str:
    """Trim every kind of space (U+3000 included); full-width digits and letters to half-width."""
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    # Most cells are already in NFKC (plain Chinese and ASCII): checking is cheaper than normalising.
    if not value.isascii() and not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return value.strip()


@dataclass
class Column:
    index: int
    header: str  # as the user wrote it
    field: str | None


@dataclass
class HeaderMatch:
    row_number: int
    columns: list[Column]

    @property
    def fields(self) -> dict[str, Column]:
        return {column.field: column for column in self.columns if column.field}

    @property
    def unmatched(self) -> list[str]:
        return [
            column.header
            for column in self.columns
            if column.field is None and normalize_header(column.header) not in IGNORED_HEADERS
        ]


def locate_header(rows) -> tuple[HeaderMatch, int]:
    """The header row (it may sit under title rows) and its position in ``rows``."""
    for position, (number, values) in enumerate(rows[:20]):
        fields_here = {HEADER_FIELDS.get(normalize_header(value)) for value in values if value is not None}
        if "name" in fields_here and fields_here & {"id_number", FILE_NUMBER}:
            seen = set()
            columns = []
            for index, value in enumerate(values):
                if value is None or not str(value).strip():
                    continue
                name = HEADER_FIELDS.get(normalize_header(value))
                if name in seen:
                    name = None  # a second column for the same field is reported, not used
                seen.add(name)
                columns.append(Column(index=index, header=str(value).strip(), field=name))
            return HeaderMatch(row_number=number, columns=columns), position
    raise SpreadsheetError(
        _(
            "No header row was found: one of the first 20 rows must name at least the columns 姓名 and "
            "公民身份号码 (or 身份证号). Download the template to see the expected headers."
        )
    )


def rows_of(table, header: HeaderMatch, position):
    """Each non-blank member row under the header as {field: cell}, with its row number."""
    mapped = [(column.field, column.index) for column in header.fields.values()]
    width = max(index for _name, index in mapped) + 1
    numbers, rows = [], []
    for number, values in table.rows[position + 1 :]:
        if len(values) < width:
            values = [*values, *([None] * (width - len(values)))]
        cells = {}
        blank = True
        for name, index in mapped:
            value = values[index]
            if type(value) is str:
                if value[:1] == "'":
                    value = unquoted(value)
                if blank and value.strip():
                    blank = False
            elif value is not None:
                blank = False
            cells[name] = value
        if not blank:
            numbers.append(number)
            rows.append(cells)
    return numbers, rows


def unquoted(value):
    """A cell as exported: text that a spreadsheet would run as a formula got a leading
    apostrophe (lib.xlsx.safe_cell), which is not part of the value."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value
