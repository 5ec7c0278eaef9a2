"""Payment sheets (党费收缴表: members × months), checked whole, then written all or nothing.

The file is read by the roster import's reader (members.importing.spreadsheets: xlsx, xls
or csv in any Chinese encoding, limits checked before each costly step). The header row
holds 姓名 and 公民身份号码 (the member), optionally 交纳日期 and 交纳方式, and one column per
month (2026-01, 2026年1月, 2026.1 …). A month's cell is the amount paid, or ✓ / √ for the
standard. Each row becomes one payment of the months it ticks, through the same rules as
the payment form (dues.services.check_payment); one bad row and nothing is written.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dues import months
from dues.models import DuesAccount, PaymentWay
from dues.services import DuesError, check_payment, record_payment, standards_by_month
from members.importing.columns import normalize_header
from members.importing.spreadsheets import SpreadsheetError, read_table
from members.models import Member

NAME, ID_NUMBER, PAID_ON, WAY = "姓名", "公民身份号码", "交纳日期", "交纳方式"
ALIASES = {
    NAME: NAME,
    ID_NUMBER: ID_NUMBER,
    "身份证号": ID_NUMBER,
    "身份证号码": ID_NUMBER,
    PAID_ON: PAID_ON,
    "交费日期": PAID_ON,
    WAY: WAY,
    "交费方式": WAY,
}
WAYS = {str(label): value for value, label in PaymentWay.choices} | {
    "现金": "cash",
    "微信": "wechat",
    "支付宝": "alipay",
    "银行转账": "bank",
    "转账": "bank",
}
TICKS = {"✓", "√", "✔", "v", "V", "是", "已交"}
MONTH_HEADER = re.compile(r"^(\d{4})\s*(?:年|-|\.|/)\s*(\d{1,2})\s*月?$")


@dataclass
class SheetRow:
    number: int
    name: str = ""
    member_id: int | None = None
    first_month: int | None = None
    month_count: int = 0
    amount: Decimal = Decimal(0)
    paid_on: str = ""
    way: str = "cash"
    errors: list = field(default_factory=list)

    def as_json(self):
        return {
            "number": self.number,
            "name": self.name,
            "member_id": self.member_id,
            "first_month": self.first_month,
            "month_count": self.month_count,
            "months": months.span_label(self.first_month, self.first_month + self.month_count - 1)
            if self.month_count
            else "",
            "amount": str(self.amount),
            "paid_on": self.paid_on,
            "way": self.way,
            "errors": self.errors,
        }


@dataclass
class SheetReport:
    file_errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    written: bool = False

    @property
    def ok(self):
        return not self.file_errors and self.rows and not any(row.errors for row in self.rows)

    @property
    def bad_rows(self):
        return [row for row in self.rows if row.errors]

    @property
    def total(self):
        return sum((row.amount for row in self.rows), Decimal(0))


def _header(rows):
    """(header row position, {column index: 姓名 / 公民身份号码 / … or a month})."""
    for position, (_number, values) in enumerate(rows[:20]):
        found = {}
        for index, value in enumerate(values):
            text = normalize_header(value) if value is not None else ""
            if isinstance(value, (datetime.date, datetime.datetime)):
                found[index] = months.month_index(value)
            elif text in ALIASES:
                found[index] = ALIASES[text]
            elif match := MONTH_HEADER.match(text):
                year, month = int(match.group(1)), int(match.group(2))
                if 1 <= month <= 12:
                    found[index] = months.month_index(year, month)
        if NAME in found.values() and any(isinstance(kind, int) for kind in found.values()):
            return position, found
    raise SpreadsheetError(_("No header row with 姓名 and month columns (such as 2026年1月) was found."))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日-")
    return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))


def check_sheet(data: bytes, *, user, today=None) -> SheetReport:
    """Every row of a payment sheet checked against the rules; nothing written."""
    today = today or timezone.localdate()
    report = SheetReport()
    try:
        table = read_table(data)
        position, columns = _header(table.rows)
    except SpreadsheetError as error:
        report.file_errors.append(str(error))
        return report
    headers = dict(columns.items())
    month_columns = sorted((kind, index) for index, kind in headers.items() if isinstance(kind, int))
    named = {kind: index for index, kind in headers.items() if isinstance(kind, str)}
    visible = Member.objects.visible_to(user)
    lines = [(number, values) for number, values in table.rows[position + 1 :]]
    id_numbers = {
        _cell(values[named[ID_NUMBER]]).upper()
        for _n, values in lines
        if ID_NUMBER in named and named[ID_NUMBER] < len(values)
    }
    names = {_cell(values[named[NAME]]) for _n, values in lines if named[NAME] < len(values)}
    by_id = {member.id_number: member for member in visible.filter(id_number__in=id_numbers)}
    by_name = {}
    for member in visible.filter(name__in=names):
        by_name.setdefault(member.name, []).append(member)
    candidates = {member.pk for member in [*by_id.values(), *(m for group in by_name.values() for m in group)]}
    accounts = {account.member_id: account for account in DuesAccount.objects.filter(member_id__in=candidates)}
    seen = set()
    for number, values in lines:

        def get(kind, values=values):
            index = named.get(kind)
            return values[index] if index is not None and index < len(values) else None

        row = SheetRow(number=number, name=_cell(get(NAME)))
        if not row.name and not _cell(get(ID_NUMBER)):
            continue
        member = by_id.get(_cell(get(ID_NUMBER)).upper()) if _cell(get(ID_NUMBER)) else None
        if member is None and not _cell(get(ID_NUMBER)):
            matches = by_name.get(row.name, [])
            if len(matches) > 1:
                row.errors.append(
                    _("%(column)s: more than one member is named %(name)s; add the ID number.")
                    % {"column": NAME, "name": row.name}
                )
            member = matches[0] if len(matches) == 1 else None
        if member is None and not row.errors:
            # The name as written is not echoed: the preview shows only members in the user's scope.
            row.errors.append(
                _("%(column)s: no such member in your scope.")
                % {"column": ID_NUMBER if _cell(get(ID_NUMBER)) else NAME}
            )
            row.name = ""
        ticked = []
        for month, index in month_columns:
            cell = values[index] if index < len(values) else None
            text = _cell(cell)
            if not text:
                continue
            if text in TICKS:
                ticked.append((month, None))
                continue
            try:
                ticked.append((month, Decimal(text)))
            except InvalidOperation:
                row.errors.append(
                    _("%(column)s: “%(value)s” is neither an amount nor ✓.")
                    % {"column": months.label(month), "value": text}
                )
        if not ticked and not row.errors:
            row.errors.append(_("No month is filled in."))
        ticked.sort()
        if ticked and any(b[0] != a[0] + 1 for a, b in itertools.pairwise(ticked)):
            row.errors.append(_("The months of a row must follow each other without a gap."))
        try:
            paid_on = _date(get(PAID_ON)) if _cell(get(PAID_ON)) else today
        except ValueError:
            row.errors.append(
                _("%(column)s: “%(value)s” is not a date (YYYY-MM-DD).")
                % {"column": PAID_ON, "value": _cell(get(PAID_ON))}
            )
            paid_on = today
        if paid_on > today:
            row.errors.append(_("%(column)s: the payment date cannot be in the future.") % {"column": PAID_ON})
        row.paid_on = paid_on.isoformat()
        way = _cell(get(WAY))
        if way and way not in WAYS:
            row.errors.append(
                _("%(column)s: “%(value)s” is not one of 现金, 微信, 支付宝, 银行转账.") % {"column": WAY, "value": way}
            )
        row.way = WAYS.get(way, "cash")
        if member is not None:
            row.member_id = member.pk
            row.name = member.name
            if member.pk in seen:
                row.errors.append(_("%(name)s is on the sheet twice: one row per member.") % {"name": member.name})
            seen.add(member.pk)
        if member is not None and ticked and not row.errors:
            row.first_month, row.month_count = ticked[0][0], len(ticked)
            shares = standards_by_month(member, ticked[0][0], ticked[-1][0]) if member.pk in accounts else {}
            row.amount = sum(
                (amount if amount is not None else shares.get(month, Decimal(0)) for month, amount in ticked),
                Decimal(0),
            )
            try:
                check_payment(
                    member,
                    accounts.get(member.pk),
                    first_month=row.first_month,
                    month_count=row.month_count,
                    amount=row.amount,
                    confirm_far=False,
                    note="",
                    today=today,
                )
            except DuesError as error:
                row.errors.append(error.message)
        report.rows.append(row)
    if not report.rows and not report.file_errors:
        report.file_errors.append(_("The sheet has a header row but no members under it."))
    return report


def import_sheet(data: bytes, *, user, collected_by: str, file_name="", today=None) -> SheetReport:
    """Check the whole sheet, then write every row's payment in one transaction, or nothing."""
    today = today or timezone.localdate()
    report = check_sheet(data, user=user, today=today)
    if not report.ok:
        return report
    members = Member.objects.in_bulk([row.member_id for row in report.rows])
    note = _("From the sheet %(file)s") % {"file": file_name[:60]} if file_name else _("From a payment sheet")
    try:
        with transaction.atomic():
            for row in report.rows:
                record_payment(
                    members[row.member_id],
                    first_month=row.first_month,
                    month_count=row.month_count,
                    amount=row.amount,
                    paid_on=datetime.date.fromisoformat(row.paid_on),
                    way=row.way,
                    collected_by=collected_by,
                    note=note,
                    user=user,
                    today=today,
                )
    except DuesError as error:  # a payment recorded between the check and the write
        report.file_errors.append(error.message)
        return report
    report.written = True
    return report
