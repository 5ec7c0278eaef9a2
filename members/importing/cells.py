"""One widget per kind of cell: each turns what a roster cell holds into a field value, or a ValueError whose
message (in Chinese) the preview shows."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from branches.home import HomeOrganisationIndex
from branches.models import Branch
from members.id_number import normalize_id_number, validate_id_number
from members.importing.columns import (
    clean_text,
    normalize_header,
)
from members.importing.spreadsheets import excel_serial_to_date
from members.models import PHONE_RE, Category, Education, Gender


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
    # Set once per import, like DateWidget's.
    today = None
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
            validate_id_number(number, today=self.today)
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


class HomeOrganisation(tuple):
    """What a 流出地党组织 cell reads as: (the organisation or None, the text as written)."""

    __slots__ = ()

    @property
    def organisation(self):
        return self[0]

    @property
    def text(self):
        return self[1]


class HomeOrganisationWidget(widgets.Widget):
    """A home organisation of the county's list by its name: exactly, then normalised
    (branches.home); with the row's 乡镇 for a short name. A name that matches none is no
    error: the file keeps the text, unlinked, and the preview lists it to be resolved."""

    max_length = 100

    def __init__(self, **kwargs):
        self.index = None
        super().__init__(**kwargs)

    def load(self) -> None:
        self.index = HomeOrganisationIndex.load()

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return None
        if len(text) > self.max_length:
            raise ValueError(_("Longer than %(limit)s characters.") % {"limit": self.max_length})
        township = clean_text((row or {}).get("hometown_township"))
        return HomeOrganisation((self.index.match(text, township), text))


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
