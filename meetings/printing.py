"""Print outs a branch files on paper: the minutes (会议记录) and the sign-in sheet (签到表),
as .docx (python-docx) in the layout of the A4 print views."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from meetings.notices import sign_in_sheet

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "SimSun"  # 宋体: what a branch's printer and Word have


def _document():
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    # Chinese text takes the east-Asian font of a run, not the font name.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def _title(document, text):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(18)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _facts(meeting):
    when = f"{meeting.held_on:%Y-%m-%d}"
    if meeting.starts_at:
        when += f" {meeting.starts_at:%H:%M}"
    place = meeting.location + (f"（{_('Online')}）" if meeting.online else "")
    return [
        (_("Branch"), meeting.branch.name),
        (_("Kind"), meeting.get_kind_display() + (f" · {meeting.party_group}" if meeting.party_group_id else "")),
        (_("Time"), when),
        (_("Location"), place),
        (_("Topic"), meeting.topic),
        (_("Host"), meeting.host),
        (_("Recorder"), meeting.recorder),
    ]


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_docx(meeting, attendance) -> bytes:
    """会议记录: the facts, who attended, was on leave or absent, the agenda, minutes and resolutions."""
    document = _document()
    _title(document, _("Minutes of the meeting"))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in _facts(meeting):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value or "—"
        cells[0].width, cells[1].width = Cm(3), Cm(13)
    for label, rows in attendance:
        names = "、".join(row.member.name + (f"（{row.reason}）" if row.reason else "") for row in rows) or "—"
        cells = table.add_row().cells
        cells[0].text, cells[1].text = f"{label}（{len(rows)}）", names
    for label, text in (
        (_("Agenda"), meeting.agenda),
        (_("Minutes"), meeting.minutes),
        (_("Resolutions and vote results"), meeting.resolutions),
    ):
        heading = document.add_paragraph()
        heading.add_run(label).bold = True
        document.add_paragraph(text or "—")
    document.add_paragraph()
    document.add_paragraph(_("Recorder (signature): ____________    Host (signature): ____________"))
    return _save(document)


def sign_in_sheet_docx(meeting) -> bytes:
    """签到表: one line per member expected (or on the roll), with a column to sign on paper."""
    document = _document()
    _title(document, _("Sign-in sheet"))
    facts = _facts(meeting)[:5]
    document.add_paragraph("　".join(f"{label}：{value or '—'}" for label, value in facts))
    rows = sign_in_sheet(meeting)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        [_("No."), _("Name"), _("Voting standing"), _("Signed in (QR)"), _("Signature")],
        strict=True,
    ):
        cell.text = text
    for number, (member, standing, signed_at, _status) in enumerate(rows, start=1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = member.name
        cells[2].text = str(standing)
        cells[3].text = f"{timezone.localtime(signed_at):%H:%M}" if signed_at else ""
        cells[4].text = ""
    document.add_paragraph()
    document.add_paragraph(
        _("Expected %(expected)d, signed in %(signed)d.")
        % {"expected": len(rows), "signed": sum(1 for row in rows if row[2])}
    )
    return _save(document)
