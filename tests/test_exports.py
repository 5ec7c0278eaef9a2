import io

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from branches.exports import safe_cell, xlsx_response


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
