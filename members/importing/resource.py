"""The one roster import engine, used by the import centre and by ``import_members``.

A roster goes through four steps:

1. ``read_table`` (members.spreadsheets) turns the bytes into rows, whatever the format;
2. ``locate_header`` finds the header row under any title rows and maps each header,
   as the user wrote it, to a field (aliases, full-width forms, bracketed notes);
3. ``MemberResource`` (django-import-export) cleans every row with the widgets below
   and checks the cross-column rules, collecting every error of every row;
4. only when no row is bad, the new and changed members are written in bulk, with
   their history rows, inside one transaction.

It is tuned for big rosters: existing members and branches are fetched once
(cached lookups, no query per row), no per-row diff or HTML diff is built, model
``full_clean`` (a query per unique check) is replaced by the same rules in Python,
and writes are ``bulk_create_with_history`` / ``bulk_update_with_history``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches.models import Branch
from members.id_number import birth_date_of, gender_of, mask_id_number, normalize_id_number, validate_id_number
from members.importing.spreadsheets import SpreadsheetError, excel_serial_to_date, read_table
from members.models import PHONE_RE, Category, Education, Gender, Member

# --- headers ----------------------------------------------------------------------

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
IGNORED_HEADERS = {"序号"}
# Columns a new member cannot do without (gender and birth date come from the ID).
REQUIRED_FIELDS = ["name", "id_number", "joined_party_on", "category", "branch"]
FIELD_HEADERS = {name: header for name, header, _aliases in COLUMNS}

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


HEADER_FIELDS = {}
for _field, _header, _aliases in COLUMNS:
    for _name in [_header, *_aliases]:
        HEADER_FIELDS[normalize_header(_name)] = _field


def clean_text(value) -> str:
    """Trim every kind of space (U+3000 included); full-width digits and letters to half-width."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


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
        if "name" in fields_here and "id_number" in fields_here:
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


# --- widgets: one per kind of cell ------------------------------------------------


class MonthDate(datetime.date):
    """A date written as a year and month only (2004.07, 2004年7月): the day is unknown."""

    day_known = False


def _same_month(a: datetime.date, b: datetime.date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


class TextWidget(widgets.Widget):
    def __init__(self, max_length=None, squeeze=False, **kwargs):
        self.max_length = max_length
        self.squeeze = squeeze  # names and numbers: no space inside either (王　静 → 王静)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if self.squeeze:
            text = "".join(text.split())
        if not text:
            return None
        if self.max_length and len(text) > self.max_length:
            raise ValueError(_("Longer than %(limit)s characters.") % {"limit": self.max_length})
        return text


class IdNumberWidget(widgets.Widget):
    SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+]?\d+$")

    def clean(self, value, row=None, **kwargs):
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number or (isinstance(value, str) and self.SCIENTIFIC.match(value.strip())):
            raise ValueError(
                _(
                    "Excel has turned this ID number into a number (%(value)s) and dropped its last digits; it cannot "
                    "be recovered. Format the column as text, type the number again and re-upload."
                )
                % {"value": value}
            )
        number = normalize_id_number(clean_text(value))
        if not number:
            return None
        try:
            validate_id_number(number)
        except ValidationError as error:
            raise ValueError(" ".join(str(message) for message in error.messages)) from None
        return number


class DateWidget(widgets.Widget):
    # Set once per import: asking the time zone for today on every cell is measurable.
    today = None

    FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
    MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
    COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        day = self.parse(value)
        if day > (self.today or timezone.localdate()):
            raise ValueError(_("%(date)s is in the future.") % {"date": self.display(day)})
        return day

    @staticmethod
    def display(day) -> str:
        return f"{day.year}年{day.month}月" if isinstance(day, MonthDate) else f"{day.year}年{day.month}月{day.day}日"

    def parse(self, value) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if float(value).is_integer():
                value = int(value)
                if 1 <= value <= 60000:  # an Excel day number left unformatted
                    return excel_serial_to_date(value)
            value = repr(value) if isinstance(value, float) else str(value)
        text = clean_text(value)
        try:
            if match := self.FULL.match(text):
                return datetime.date(int(match[1]), int(match[2]), int(match[3]))
            if match := self.MONTH.match(text):
                return MonthDate(int(match[1]), int(match[2]), 1)
            if match := self.COMPACT.match(text):
                if match[3]:
                    return datetime.date(int(match[1]), int(match[2]), int(match[3]))
                return MonthDate(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a real date.") % {"value": text}) from None
        raise ValueError(
            _("“%(value)s” is not a date; write it as 2004-07-01, 2004/7/1, 2004.7.1, 2004.07 or 2004年7月.")
            % {"value": text}
        )


class ChoiceWidget(widgets.Widget):
    """Values written in Chinese (直管党员, 大专 …) to the stored choice."""

    def __init__(self, aliases: dict[str, str], allowed: str, **kwargs):
        self.aliases = {normalize_header(key): choice for key, choice in aliases.items()}
        self.allowed = allowed
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = normalize_header(clean_text(value))
        if not text:
            return None
        try:
            return self.aliases[text]
        except KeyError:
            raise ValueError(
                _("“%(value)s” is not allowed; write one of: %(allowed)s.") % {"value": text, "allowed": self.allowed}
            ) from None


class EthnicityWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        # 汉 → 汉族, as rosters often shorten it.
        return text + "族" if text and not text.endswith("族") else text


class PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"[\s\-()]", "", clean_text(value))
        if not text:
            return None
        if not PHONE_RE.match(text):
            raise ValueError(
                _(
                    "“%(value)s” is not a phone number: enter an 11-digit mobile number starting with 13–19, "
                    "or a landline with its area code."
                )
                % {"value": text}
            )
        return text


class BranchWidget(widgets.Widget):
    """A branch of the import's committee by its name; the committee's branches are fetched once."""

    def __init__(self, **kwargs):
        self.branches: dict[str, Branch] = {}
        super().__init__(**kwargs)

    def load(self, committee) -> None:
        self.branches = {normalize_header(branch.name): branch for branch in committee.branches.all()}

    def clean(self, value, row=None, **kwargs):
        text = normalize_header(clean_text(value))
        if not text:
            return None
        branch = self.branches.get(text)
        if branch is None:
            # '安仁县驻广东流动党委第三党支部' names 第三党支部 too.
            candidates = [b for name, b in self.branches.items() if text.endswith(name)]
            branch = max(candidates, key=lambda b: len(b.name)) if candidates else None
        if branch is None:
            raise ValueError(
                _("The branch “%(value)s” is not a branch of this committee (its branches: %(names)s).")
                % {"value": text, "names": "、".join(b.name for b in self.branches.values())}
            )
        return branch


CATEGORY_ALIASES = {
    "直管": Category.DIRECT,
    "直管党员": Category.DIRECT,
    "流动": Category.MOBILE,
    "流动党员": Category.MOBILE,
}
GENDER_ALIASES = {"男": Gender.MALE, "男性": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE}
EDUCATION_ALIASES = {
    "研究生": Education.POSTGRADUATE,
    "博士": Education.POSTGRADUATE,
    "硕士": Education.POSTGRADUATE,
    "博士研究生": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE,
    "大学": Education.BACHELOR,
    "本科": Education.BACHELOR,
    "大学本科": Education.BACHELOR,
    "大专": Education.JUNIOR_COLLEGE,
    "专科": Education.JUNIOR_COLLEGE,
    "大学专科": Education.JUNIOR_COLLEGE,
    "中专": Education.SECONDARY_VOCATIONAL,
    "中技": Education.SECONDARY_VOCATIONAL,
    "职高": Education.SECONDARY_VOCATIONAL,
    "中等专科": Education.SECONDARY_VOCATIONAL,
    "高中": Education.HIGH_SCHOOL,
    "初中": Education.MIDDLE_SCHOOL,
    "小学": Education.MIDDLE_SCHOOL,
    "初中及以下": Education.MIDDLE_SCHOOL,
}
# The values offered in the template's drop-downs.
CATEGORY_VALUES = ["直管党员", "流动党员"]
GENDER_VALUES = ["男", "女"]
EDUCATION_VALUES = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]


def _text(name, squeeze=False):
    return fields.Field(
        attribute=name,
        column_name=name,
        widget=TextWidget(max_length=Member._meta.get_field(name).max_length, squeeze=squeeze),
        saves_null_values=False,
    )


def _field(name, widget):
    # saves_null_values=False: an empty cell leaves what the file already says.
    return fields.Field(attribute=name, column_name=name, widget=widget, saves_null_values=False)


# --- the resource ------------------------------------------------------------------


class MemberResource(resources.ModelResource):
    """django-import-export resource for rosters, tuned for thousands of rows."""

    name = _text("name", squeeze=True)
    gender = _field("gender", ChoiceWidget(GENDER_ALIASES, "男、女"))
    ethnicity = _field("ethnicity", EthnicityWidget(max_length=20, squeeze=True))
    birth_date = _field("birth_date", DateWidget())
    id_number = _field("id_number", IdNumberWidget())
    education = _field("education", ChoiceWidget(EDUCATION_ALIASES, "、".join(EDUCATION_VALUES)))
    joined_party_on = _field("joined_party_on", DateWidget())
    full_member_on = _field("full_member_on", DateWidget())
    category = _field("category", ChoiceWidget(CATEGORY_ALIASES, "直管党员、流动党员（或 直管、流动）"))
    branch = _field("branch", BranchWidget())
    hometown_township = _text("hometown_township")
    hometown_village = _text("hometown_village")
    home_organisation = _text("home_organisation")
    left_home_on = _field("left_home_on", DateWidget())
    employer = _text("employer")
    position = _text("position")
    work_city = _text("work_city")
    phone = _field("phone", PhoneWidget())
    activity_certificate_no = _text("activity_certificate_no", squeeze=True)
    notes = _text("notes")

    DATE_FIELDS = ("birth_date", "joined_party_on", "full_member_on", "left_home_on")
    # What an update writes; version and updated_at change with it.
    WRITTEN_FIELDS = [name for name, _header, _aliases in COLUMNS]

    class Meta:
        model = Member
        fields = [name for name, _header, _aliases in COLUMNS]
        import_id_fields = ["id_number"]
        use_bulk = True
        # One bulk write at the end, after every row has been checked.
        batch_size = None
        skip_diff = True
        skip_html_diff = True
        report_skipped = True
        clean_model_instances = False

    def __init__(self, *, committee, user=None, headers=None, row_numbers=None, change_reason=""):
        super().__init__()
        self.committee = committee
        self.user = user
        self.headers = headers or {}  # field → header as the user wrote it
        self.row_numbers = row_numbers or []  # dataset index → spreadsheet row number
        self.change_reason = change_reason
        self.existing: dict[str, Member] = {}
        self.first_row_of: dict[str, int] = {}
        self.preview: list[dict] = []
        self.invalid_rows = 0
        self._snapshot = None
        self._import_fields = None

    # cached lookups -------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self.fields["branch"].widget.load(self.committee)
        today = timezone.localdate()
        for name in self.DATE_FIELDS:
            self.fields[name].widget.today = today
        numbers = set()
        if "id_number" in dataset.headers:
            for value in dataset["id_number"]:
                if isinstance(value, str):
                    numbers.add(normalize_id_number(clean_text(value)))
        numbers.discard("")
        self.existing = Member.objects.select_related("branch").in_bulk(numbers, field_name="id_number")

    def get_import_fields(self):
        # The same for every row; import-export rebuilds the list per row.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_instance(self, instance_loader, row):
        value = row.get("id_number")
        if not isinstance(value, str):
            return None
        return self.existing.get(normalize_id_number(clean_text(value)))

    def init_instance(self, row=None):
        return Member()

    def after_init_instance(self, instance, new, row, **kwargs):
        self._snapshot = None if new else self._values(instance)
        self._original_committee = None if new else instance.branch.committee_id

    def _values(self, instance) -> dict:
        return {
            name: (instance.branch_id if name == "branch" else getattr(instance, name)) for name in self.WRITTEN_FIELDS
        }

    # the rules ------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        # The same work as Resource.import_instance → import_field → Field.save →
        # Field.clean → widget.clean, without three layers of calls per cell: on a
        # 20-column roster those layers were a third of the time per row.
        errors = {}
        for column in self.get_import_fields():
            if column.column_name not in row:
                continue
            try:
                value = column.widget.clean(row[column.column_name], row=row)
            except ValueError as error:
                errors[column.attribute] = [ValidationError(str(error), code="invalid")]
                continue
            # An empty cell (None) leaves what the file already says.
            if value is not None:
                setattr(instance, column.attribute, value)
        self._keep_precise_dates(instance)
        rules = self.check_rules(instance, row, failed=set(errors), row_number=kwargs.get("row_number"))
        for name, message in rules.items():
            errors.setdefault(name, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def _keep_precise_dates(self, instance):
        """'2004.07' in the file keeps the stored 2004-07-15: it says no more than that."""
        if self._snapshot is None:
            return
        for name in self.DATE_FIELDS:
            value, stored = getattr(instance, name), self._snapshot[name]
            if isinstance(value, MonthDate) and stored and _same_month(value, stored):
                setattr(instance, name, stored)

    def check_rules(self, member, row, failed, row_number) -> dict[str, str]:
        """The rules across columns, each with its own message; ``failed`` fields are not judged again."""
        errors = {}
        new = member.pk is None
        if not new and self._original_committee != self.committee.pk:
            errors["id_number"] = _(
                "A member with this ID number is on file in another committee; transfer the file there, not by import."
            )
        if new:
            for name in REQUIRED_FIELDS:
                if name not in failed and not getattr(member, name if name != "branch" else "branch_id"):
                    errors[name] = _("Required for a new member.")
        number = member.id_number if "id_number" not in failed else ""
        if number:
            first = self.first_row_of.setdefault(number, self.row_numbers[row_number - 1])
            if first != self.row_numbers[row_number - 1]:
                errors["id_number"] = _("The same ID number is already on row %(row)s of this file.") % {"row": first}
            born = birth_date_of(number)
            written = row.get("birth_date") and member.birth_date
            if "birth_date" not in failed and written:
                agrees = _same_month(written, born) if isinstance(written, MonthDate) else written == born
                if not agrees:
                    errors["birth_date"] = _(
                        "The birth date %(written)s does not agree with the ID number (born %(born)s)."
                    ) % {"written": DateWidget.display(written), "born": DateWidget.display(born)}
            member.birth_date = born
            gender = gender_of(number)
            if "gender" not in failed and row.get("gender") and member.gender and member.gender != gender:
                errors["gender"] = _(
                    "The gender does not agree with the ID number (its 17th digit says %(gender)s)."
                ) % {"gender": Gender(gender).label}
            member.gender = gender
        # The model's own rule; a date that did not read is not judged again.
        by_month = {name for name in self.DATE_FIELDS if isinstance(getattr(member, name), MonthDate)}
        judged = {"full_member_on": {"joined_party_on", "full_member_on"}, "joined_party_on": {"joined_party_on"}}
        for name, message in member.date_order_errors(by_month=by_month).items():
            if not judged[name] & failed:
                errors[name] = message
        return errors

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped: one comparison of plain values, no diff object."""
        self._changes = []
        if import_validation_errors or self._snapshot is None:
            return False
        now = self._values(instance)
        self._changes = [name for name in self.WRITTEN_FIELDS if now[name] != self._snapshot[name]]
        return not self._changes

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk:
            # Optimistic locking: an imported change is a new version like any edit.
            instance.version += 1
            instance.updated_at = timezone.now()

    def import_row(self, row, instance_loader, **kwargs):
        # Wrapped rather than hooked: after_import_row is not called for invalid rows,
        # and the preview must show every row.
        self._changes = []
        row_result = super().import_row(row, instance_loader, **kwargs)
        self.preview.append(self._preview_entry(row, row_result, kwargs["row_number"]))
        return row_result

    def _preview_entry(self, row, row_result, index) -> dict:
        raw_id = row.get("id_number")
        action = {"new": "new", "update": "update", "skip": "unchanged"}.get(row_result.import_type, "invalid")
        entry = {
            "row": self.row_numbers[index - 1],
            "name": "".join(clean_text(row.get("name")).split()),
            "id": mask_id_number(normalize_id_number(clean_text(raw_id))) if isinstance(raw_id, str) else "",
            "branch": clean_text(row.get("branch")),
            "action": action,
            "errors": [],
            "changes": [FIELD_HEADERS[name] for name in self._changes] if action == "update" else [],
        }
        if row_result.validation_error is not None:
            for name, messages in row_result.validation_error.message_dict.items():
                column = self.headers.get(name, FIELD_HEADERS.get(name, "—"))
                entry["errors"].extend({"column": column, "message": message} for message in messages)
        for error in row_result.errors:
            entry["errors"].append({"column": "—", "message": str(error.error)})
        if entry["errors"]:
            entry["action"] = "invalid"
            self.invalid_rows += 1
        return entry

    # writing: only when every row is good ------------------------------------------

    def _may_write(self, dry_run):
        return not dry_run and self.invalid_rows == 0

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and self._may_write(dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances,
                    Member,
                    batch_size=500,
                    default_user=self.user,
                    default_change_reason=self.change_reason,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and self._may_write(dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    Member,
                    fields=[*self.WRITTEN_FIELDS, "version", "updated_at"],
                    batch_size=500,
                    default_user=self.user,
                    default_change_reason=self.change_reason,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.update_instances.clear()


# --- running an import -----------------------------------------------------------


@dataclass
class ImportReport:
    file_format: str = ""
    header_row: int = 0
    columns: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    written: bool = False

    @property
    def counts(self) -> dict:
        totals = {"total": len(self.rows), "new": 0, "update": 0, "unchanged": 0, "invalid": 0}
        for row in self.rows:
            totals[row["action"]] += 1
        return totals

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.counts["invalid"]

    @property
    def bad_rows(self) -> list[dict]:
        return [row for row in self.rows if row["errors"]]

    def as_json(self) -> dict:
        return {
            "file_format": self.file_format,
            "header_row": self.header_row,
            "columns": self.columns,
            "unmatched": self.unmatched,
            "file_errors": self.file_errors,
            "rows": self.rows,
            "counts": self.counts,
            "written": self.written,
        }


def build_dataset(table) -> tuple[tablib.Dataset, HeaderMatch, list[int]]:
    header, position = locate_header(table.rows)
    mapped = list(header.fields.values())
    dataset = tablib.Dataset(headers=[column.field for column in mapped])
    row_numbers = []
    for number, values in table.rows[position + 1 :]:
        cells = [values[column.index] if column.index < len(values) else None for column in mapped]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        dataset.append(cells)
        row_numbers.append(number)
    return dataset, header, row_numbers


def import_roster(data: bytes, *, committee, user=None, dry_run=True, file_name="") -> ImportReport:
    """Check a roster and, unless ``dry_run`` or any row is bad, write it in one transaction."""
    report = ImportReport()
    try:
        table = read_table(data)
        report.file_format = table.format
        dataset, header, row_numbers = build_dataset(table)
    except SpreadsheetError as error:
        report.file_errors.append(str(error))
        return report
    report.header_row = header.row_number
    report.columns = [
        {"header": column.header, "field": column.field, "label": FIELD_HEADERS.get(column.field, "")}
        for column in header.columns
    ]
    report.unmatched = header.unmatched
    missing = [FIELD_HEADERS[name] for name in REQUIRED_FIELDS if name not in header.fields]
    if missing:
        report.file_errors.append(
            _("The file has no column for: %(columns)s. Add it (see the template) and upload again.")
            % {"columns": "、".join(missing)}
        )
        return report
    if not len(dataset):
        report.file_errors.append(_("The file has a header row but no members under it."))
        return report
    resource = MemberResource(
        committee=committee,
        user=user,
        headers={name: column.header for name, column in header.fields.items()},
        row_numbers=row_numbers,
        change_reason=_("Imported from %(file)s") % {"file": file_name[:80]} if file_name else _("Imported"),
    )
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
        report.rows = resource.preview
        for error in result.base_errors:
            report.file_errors.append(_("The database refused the import: %(error)s") % {"error": error.error})
        if report.file_errors:
            transaction.set_rollback(True)
    report.written = not dry_run and report.ok
    return report
