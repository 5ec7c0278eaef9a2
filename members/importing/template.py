"""The roster template users download: canonical headers, an example row, drop-downs."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from members.id_number import make_id_number
from members.importing.cells import CATEGORY_VALUES, EDUCATION_VALUES, GENDER_VALUES
from members.importing.columns import COLUMNS, REQUIRED_FIELDS

EXAMPLE = {
    "name": "王静",
    "gender": "女",
    "ethnicity": "汉族",
    "birth_date": "1990-03-04",
    "id_number": make_id_number("431028", datetime.date(1990, 3, 4), 2),
    "education": "大学专科",
    "joined_party_on": "2012-07-01",
    "full_member_on": "2013-07-01",
    "category": "流动党员",
    "hometown_township": "永乐江镇",
    "hometown_village": "新洲村",
    "home_organisation": "中共安仁县永乐江镇新洲村支部委员会",
    "left_home_on": "2015-03",
    "employer": "东莞市某电子有限公司",
    "position": "车间主任",
    "work_city": "东莞",
    "phone": "13800138000",
    "activity_certificate_no": "",
    "notes": "示例行：不会导入，可保留或删除",
}


def roster_template(branch_names: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "党员花名册"
    headers = [header for _name, header, _aliases in COLUMNS]
    sheet.append(headers)
    example = dict(EXAMPLE, branch=branch_names[0] if branch_names else "第一党支部")
    sheet.append([example.get(name, "") for name, _header, _aliases in COLUMNS])
    required = PatternFill("solid", fgColor="FDE2E2")
    for index, (name, _header, _aliases) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if name in REQUIRED_FIELDS:
            cell.fill = required
            cell.comment = Comment("必填", "安仁县流动党员管理系统")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(cell.value) * 2 + 4)
        # Text format, so Excel never turns an ID or phone number into a number.
        sheet.column_dimensions[letter].number_format = "@"
    sheet.column_dimensions[get_column_letter(_position("id_number"))].width = 22
    sheet.freeze_panes = "A2"
    lists = {
        "gender": GENDER_VALUES,
        "category": CATEGORY_VALUES,
        "education": EDUCATION_VALUES,
        "branch": branch_names,
    }
    # The drop-down values live on a hidden sheet: an inline list is limited to 255 characters.
    options = workbook.create_sheet("选项")
    options.sheet_state = "hidden"
    for column, (name, values) in enumerate(lists.items(), start=1):
        if not values:
            continue
        for row, value in enumerate(values, start=1):
            options.cell(row=row, column=column, value=value)
        source = get_column_letter(column)
        letter = get_column_letter(_position(name))
        validation = DataValidation(
            type="list", formula1=f"'选项'!${source}$1:${source}${len(values)}", allow_blank=True, showErrorMessage=True
        )
        validation.error = "请从下拉列表中选择"
        validation.errorTitle = "取值不在列表中"
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}2000")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _position(field):
    return [name for name, _header, _aliases in COLUMNS].index(field) + 1
