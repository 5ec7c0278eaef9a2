"""中国共产党党员组织关系介绍信: the letter of a transfer with its 存根 and 回执, in the layout of
the official form (介绍信 and 回执 joined by a 骑缝 line), as an A4 page and as a .docx."""

import datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from members.id_number import mask_id_number
from members.models import Category, TransferKind


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def letter_context(transfer, *, full_id: bool, today: datetime.date) -> dict:
    """What the letter says, the same words for the print view and the .docx."""
    member = transfer.member
    sender = transfer.from_branch or member.branch
    committee = sender.committee
    if transfer.kind == TransferKind.WITHIN:
        receiver = f"{transfer.to_committee.name}" + (f"{transfer.to_branch.name}" if transfer.to_branch_id else "")
    else:
        receiver = transfer.organisation
    valid_days = committee.receipt_overdue_months * 30
    return {
        "full_id": full_id,
        "number": transfer.letter_number or "—",
        "name": member.name,
        "gender": member.get_gender_display(),
        "age": _age(member.birth_date, transfer.issued_on),
        "ethnicity": member.ethnicity,
        "standing": "正式" if member.full_member_on else "预备",
        "id_number": member.id_number if full_id else mask_id_number(member.id_number),
        "from_org": f"{committee.name}{sender.name}",
        "to_org": receiver,
        "receiver": receiver,
        "sender": committee.name,
        "valid_days": valid_days,
        "issued": f"{transfer.issued_on:%Y年%m月%d日}",
        "phone": member.phone,
        "office_address": committee.office_address,
        "reason": transfer.reason,
        "mobile_after": transfer.stays_as_mobile or member.category == Category.MOBILE,
    }


def _lines(context):
    """(title, paragraphs) of the three parts: 存根, 介绍信, 回执."""
    c = context
    stub = [
        f"（{c['sender']}）组转字第 {c['number']} 号",
        f"{c['name']} 同志系中共{c['standing']}党员，组织关系由 {c['from_org']} 转到 {c['to_org']}。",
        c["issued"],
    ]
    letter = [
        f"（{c['sender']}）组转字第 {c['number']} 号",
        f"{c['receiver']}：",
        f"兹介绍 {c['name']} 同志（{c['gender']}，{c['age']}岁，{c['ethnicity']}），系中共{c['standing']}党员，"
        f"身份证号码 {c['id_number']}，由 {c['from_org']} 去 {c['to_org']}，请转接组织关系。",
        "该同志党费已交到    年    月。",
        f"（有效期 {c['valid_days']} 天）",
        f"{c['sender']}（盖章）",
        c["issued"],
        f"党员联系电话：{c['phone'] or '—'}　　党员原所在基层党委通讯地址：{c['office_address'] or '—'}",
    ]
    receipt = [
        f"（{c['sender']}）组转字第 {c['number']} 号",
        f"{c['sender']}：",
        f"{c['name']} 同志的党员组织关系已转达我处，特此回复。",
        "接收党组织（盖章）",
        "    年    月    日",
    ]
    return [
        ("中国共产党党员组织关系介绍信（存根）", stub),
        ("中国共产党党员组织关系介绍信", letter),
        ("回　执", receipt),
    ]


def parts(context):
    return _lines(context)


def letter_docx(context) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(1.8)
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for index, (title, lines) in enumerate(_lines(context)):
        if index:
            cut = document.add_paragraph("- - - - - - - - - - - - - - 骑缝线 - - - - - - - - - - - - - -")
            cut.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(title)
        run.bold = True
        run.font.size = Pt(16)
        for line in lines:
            paragraph = document.add_paragraph(line)
            if line.endswith("日") or "（盖章）" in line:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document
