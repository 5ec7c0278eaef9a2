"""The one roster import engine (``import_roster``), used by the import centre and by ``import_members``.

A roster goes through four steps:

1. ``read_table`` (``spreadsheets``) turns the bytes into rows, whatever the format;
2. ``locate_header`` (``columns``) finds the header row under any title rows and maps
   each header, as the user wrote it, to a field (aliases, full-width forms, bracketed notes);
3. ``RosterCheck`` (here) reads every cell with the widgets of ``cells`` and checks the
   rules across columns, collecting every error of every row, and for a member already on
   file the fields that change, 旧值 → 新值;
4. only when no row is bad, ``write_members`` writes the new members and the changed fields
   of the others, with a history row each, inside one transaction.

Who a row is: its 档案编号 (the roster export's first column) when it has one, else its
公民身份号码. With a 档案编号, a masked number (``431028********1234``, as every export
writes it) means "unchanged"; it must still be the masked form of the number on file.
The template's example row (备注 starting with 示例) is skipped, never imported.

Tuned for big rosters: one plain loop over the rows (no django-import-export resource, no
model instance per row, no per-row query); existing members, branches and the committee
are fetched once; on PostgreSQL the rows go in with COPY, the changed fields with one
``UPDATE … FROM`` a temporary table, and the history rows with one ``INSERT … SELECT``
from the rows as written (what django-simple-history would write, a row per member).
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import HomeOrganisation as HomeOrganisationModel
from members.file_numbers import parse_file_number
from members.id_number import birth_date_of, gender_of, mask_id_number, normalize_id_number
from members.importing.cells import (
    CATEGORY_ALIASES,
    EDUCATION_ALIASES,
    EDUCATION_VALUES,
    GENDER_ALIASES,
    BranchWidget,
    ChoiceWidget,
    DateWidget,
    EthnicityWidget,
    HomeOrganisation,
    HomeOrganisationWidget,
    IdNumberWidget,
    MonthDate,
    PhoneWidget,
    TextWidget,
    _same_month,
)
from members.importing.columns import (
    FIELD_HEADERS,
    FILE_NUMBER,
    FILE_NUMBER_HEADER,
    REQUIRED_FIELDS,
    HeaderMatch,
    clean_text,
    locate_header,
    rows_of,
)
from members.importing.spreadsheets import SpreadsheetError, read_table
from members.importing.writing import LINKS, WRITTEN, Plan, write_members
from members.models import Gender, Member

# The roster's fields, in the order of the template; what a row writes adds the 流出地党组织
# name kept as written while it matches no organisation of the county's list.
DATE_FIELDS = ("birth_date", "joined_party_on", "full_member_on", "left_home_on")
# How a row names its member in the preview when the ID number is masked or bad.
MASKED = re.compile(r"^\d{6}\*{8}[\dX]{4}$")
# The template's example row: its 备注 starts with this (members.importing.template).
SAMPLE_MARK = "示例"


@dataclass
class ImportReport:
    file_format: str = ""
    header_row: int = 0
    columns: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    # Rows left out on purpose: the template's example row.
    skipped: list[dict] = field(default_factory=list)
    # 流出地党组织 names that matched no home organisation: {"name", "rows"}, for the user to resolve.
    unmatched_home_organisations: list[dict] = field(default_factory=list)
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
            "skipped": self.skipped,
            "unmatched_home_organisations": self.unmatched_home_organisations,
            "counts": self.counts,
            "written": self.written,
        }


def _widgets():
    def text(name, squeeze=False):
        return TextWidget(max_length=Member._meta.get_field(name).max_length, squeeze=squeeze)

    return {
        "name": text("name", squeeze=True),
        "gender": ChoiceWidget(GENDER_ALIASES, "男、女"),
        "ethnicity": EthnicityWidget(max_length=20, squeeze=True),
        "birth_date": DateWidget(),
        "id_number": IdNumberWidget(),
        "education": ChoiceWidget(EDUCATION_ALIASES, "、".join(EDUCATION_VALUES)),
        "joined_party_on": DateWidget(),
        "full_member_on": DateWidget(),
        "category": ChoiceWidget(CATEGORY_ALIASES, "直管党员、流动党员（或 直管、流动）"),
        "branch": BranchWidget(),
        "hometown_township": text("hometown_township"),
        "hometown_village": text("hometown_village"),
        "home_organisation": HomeOrganisationWidget(),
        "left_home_on": DateWidget(),
        "employer": text("employer"),
        "position": text("position"),
        "work_city": text("work_city"),
        "phone": PhoneWidget(),
        "activity_certificate_no": text("activity_certificate_no", squeeze=True),
        "notes": text("notes"),
    }


def _labels(name):
    return {value: str(label) for value, label in Member._meta.get_field(name).flatchoices}


class RosterCheck:
    """Reads and checks the rows of one roster for one committee."""

    def __init__(self, *, committee, header: HeaderMatch, row_numbers, rows, lock=False, home_choices=None):
        self.committee = committee
        # The user's choice in the preview for each name the list did not match: the
        # organisation to link, or None to keep the text as written (nothing is guessed).
        self.home_choices = home_choices or {}
        self.today = timezone.localdate()
        self.widgets = _widgets()
        self.widgets["branch"].load(committee)
        self.widgets["home_organisation"].load()
        # 流出地党组织 names the county's list does not know: name → the rows that gave it.
        self.unmatched_home: dict[str, list[int]] = {}
        self.home_labels: dict[int, str] = {}
        for name in (*DATE_FIELDS, "id_number"):
            self.widgets[name].today = self.today
        self.headers = {name: column.header for name, column in header.fields.items()}
        self.row_numbers = row_numbers
        self.rows = rows
        self.branch_names = {branch.pk: branch.name for branch in self.widgets["branch"].branches.values()}
        self.labels = {name: _labels(name) for name in ("gender", "education", "category")}
        self._load_existing(lock)
        self.first_row_of_id: dict[str, int] = {}
        self.first_row_of_file: dict[int, int] = {}

    def _load_existing(self, lock):
        """Every member the file names, by ID number or by 档案编号, in one query; locked until
        the import commits when it is to be written (an edit meanwhile waits for it)."""
        numbers, pks = set(), set()
        for cells in self.rows:
            raw = cells.get("id_number")
            if isinstance(raw, str) and "*" not in raw:
                numbers.add(normalize_id_number(clean_text(raw)))
            pk = parse_file_number(cells.get(FILE_NUMBER))
            if pk:
                pks.add(pk)
        numbers.discard("")
        columns = ["id", "version", "branch__committee_id", *[LINKS.get(name, name) for name in WRITTEN]]
        stored = Member.objects.filter(id_number__in=numbers) if numbers else Member.objects.none()
        if pks:
            stored = stored | Member.objects.filter(pk__in=pks)
        if lock:
            stored = stored.select_for_update(of=("self",))
        self.by_id, self.by_pk = {}, {}
        for values in stored.values(*columns).iterator(chunk_size=2000):
            for name, attname in LINKS.items():
                values[name] = values.pop(attname)
            self.by_id[values["id_number"]] = values
            self.by_pk[values["id"]] = values

    # --- one row ------------------------------------------------------------------------------

    def check(self, index, cells) -> tuple[dict, Plan | None]:
        number = self.row_numbers[index]
        errors: dict[str, list[str]] = {}
        values = {}
        raw_id = cells.get("id_number")
        masked = isinstance(raw_id, str) and "*" in raw_id
        for name, raw in cells.items():
            if name == FILE_NUMBER or (name == "id_number" and masked):
                continue
            try:
                value = self.widgets[name].clean(raw, row=cells)
            except ValueError as error:
                errors[name] = [str(error)]
                continue
            if isinstance(value, HomeOrganisation):
                # Linked when the name matched the county's list; else the text, kept and listed.
                chosen = value.organisation or self.home_choices.get(value.text)
                if chosen is not None:
                    values["home_organisation"] = chosen
                    values["home_organisation_text"] = ""
                else:
                    values["home_organisation_text"] = value.text
                    self.unmatched_home.setdefault(value.text, []).append(number)
            elif value is not None:  # an empty cell leaves what the file already says
                values[name] = value
        stored, who_errors = self._who(cells, values, masked, number)
        for name, message in who_errors.items():
            errors.setdefault(name, []).append(message)
        if stored is not None:
            self._keep_precise_dates(values, stored)
        for name, message in self._rules(values, stored, cells, failed=set(errors), number=number).items():
            errors.setdefault(name, []).append(message)

        entry = {
            "row": number,
            "name": values.get("name") or "".join(clean_text(cells.get("name")).split()),
            "id": self._shown_id(raw_id, values, stored),
            "branch": clean_text(cells.get("branch")),
            "action": "invalid",
            "errors": [
                {"column": self.headers.get(name, FIELD_HEADERS.get(name, "—")), "message": message}
                for name, messages in errors.items()
                for message in messages
            ],
            "changes": [],
        }
        if errors:
            return entry, None
        if stored is None:
            entry["action"] = "new"
            return entry, Plan(row=number, pk=None, values=values)
        changed = {}
        for name, value in values.items():
            old = stored[name]
            new = value.pk if name in LINKS else value
            if new != old and not (isinstance(old, str) and self._same_text(name, old, new)):
                changed[name] = value
                entry["changes"].append(
                    {
                        "column": self.headers.get(name, FIELD_HEADERS[name]),
                        "old": self._display(name, old),
                        "new": self._display(name, new),
                    }
                )
        if not changed:
            entry["action"] = "unchanged"
            return entry, None
        entry["action"] = "update"
        return entry, Plan(row=number, pk=stored["id"], values=changed, version=stored["version"])

    def _who(self, cells, values, masked, number):
        """The member on file that the row names (None for a new one), and what is wrong with it."""
        errors = {}
        raw_file = cells.get(FILE_NUMBER)
        has_file = raw_file is not None and clean_text(raw_file) != ""
        if has_file:
            pk = parse_file_number(raw_file)
            stored = self.by_pk.get(pk) if pk else None
            header = self.headers.get(FILE_NUMBER, FILE_NUMBER_HEADER)
            if stored is None or stored["branch__committee_id"] != self.committee.pk:
                errors[FILE_NUMBER] = _("%(header)s “%(value)s” is not a file of this committee.") % {
                    "header": header,
                    "value": clean_text(raw_file),
                }
                return None, errors
            first = self.first_row_of_file.setdefault(stored["id"], number)
            if first != number:
                errors[FILE_NUMBER] = _("The same file is already on row %(row)s of this file.") % {"row": first}
            if masked:
                if mask_id_number(stored["id_number"]) != clean_text(cells["id_number"]).upper():
                    errors["id_number"] = _(
                        "The masked number %(value)s is not the one on file for %(file)s; leave it as exported, "
                        "or write the full number to correct it."
                    ) % {"value": clean_text(cells["id_number"]), "file": clean_text(raw_file)}
            elif "id_number" in values and values["id_number"] != stored["id_number"]:
                other = self.by_id.get(values["id_number"])
                if other is not None and other["id"] != stored["id"]:
                    errors["id_number"] = _("A member with this ID number is already on file.")
            return stored, errors
        if masked:
            errors["id_number"] = _(
                "A masked number (with *) names nobody: keep the %(header)s column of the exported roster, "
                "or write the full number."
            ) % {"header": FILE_NUMBER_HEADER}
            return None, errors
        stored = self.by_id.get(values.get("id_number", ""))
        if stored is not None and stored["branch__committee_id"] != self.committee.pk:
            errors["id_number"] = _(
                "A member with this ID number is on file in another committee; transfer the file there, not by import."
            )
            return None, errors
        return stored, errors

    def _keep_precise_dates(self, values, stored):
        """'2004.07' in the file keeps the stored 2004-07-15: it says no more than that."""
        for name in DATE_FIELDS:
            value, kept = values.get(name), stored[name]
            if isinstance(value, MonthDate) and kept and _same_month(value, kept):
                values[name] = kept

    def _rules(self, values, stored, cells, failed, number) -> dict[str, str]:
        """The rules across columns, each with its own message; ``failed`` fields are not judged again."""
        errors = {}
        if stored is None and FILE_NUMBER not in failed:
            for name in REQUIRED_FIELDS:
                if name not in failed and name not in values:
                    errors[name] = _("Required for a new member.")
        id_number = values.get("id_number") if "id_number" not in failed else None
        if id_number:
            first = self.first_row_of_id.setdefault(id_number, number)
            if first != number:
                errors["id_number"] = _("The same ID number is already on row %(row)s of this file.") % {"row": first}
            born = birth_date_of(id_number)
            written = values.get("birth_date") if cells.get("birth_date") else None
            if "birth_date" not in failed and written:
                agrees = _same_month(written, born) if isinstance(written, MonthDate) else written == born
                if not agrees:
                    errors["birth_date"] = _(
                        "The birth date %(written)s does not agree with the ID number (born %(born)s)."
                    ) % {"written": DateWidget.display(written), "born": DateWidget.display(born)}
            values["birth_date"] = born
            gender = gender_of(id_number)
            if "gender" not in failed and cells.get("gender") and values.get("gender") not in (None, gender):
                errors["gender"] = _(
                    "The gender does not agree with the ID number (its 17th digit says %(gender)s)."
                ) % {"gender": Gender(gender).label}
            values["gender"] = gender
        elif stored is not None:
            # The number stays as it is on file (masked, or not in the roster): so do the
            # birth date and gender it gives.
            values.pop("birth_date", None)
            values.pop("gender", None)
        # The model's own rule on the file as it will be; a date that did not read is not judged again.
        merged = {name: values.get(name, stored[name] if stored else None) for name in DATE_FIELDS}
        by_month = {name for name in DATE_FIELDS if isinstance(merged[name], MonthDate)}
        judged = {"full_member_on": {"joined_party_on", "full_member_on"}, "joined_party_on": {"joined_party_on"}}
        for name, message in Member.date_order_errors(types.SimpleNamespace(**merged), by_month=by_month).items():
            if not judged[name] & failed:
                errors[name] = message
        return errors

    def _same_text(self, name, old, new) -> bool:
        """Text on file that the roster's reading would write the same (full-width forms,
        spaces) is not a change: an exported roster read back changes nothing."""
        try:
            return self.widgets[name].clean(old) == new
        except ValueError:
            return False

    def _shown_id(self, raw_id, values, stored):
        if "id_number" in values:
            return mask_id_number(values["id_number"])
        if stored is not None:
            return mask_id_number(stored["id_number"])
        text = clean_text(raw_id).upper() if isinstance(raw_id, str) else ""
        return text if MASKED.match(text) else (mask_id_number(normalize_id_number(text)) if text else "")

    def _display(self, name, value) -> str:
        if value is None or value == "":
            return "—"
        if name == "branch":
            return self.branch_names.get(value, str(value))
        if name == "home_organisation":
            if value not in self.home_labels:
                found = HomeOrganisationModel.objects.filter(pk=value).first()
                self.home_labels[value] = found.full_name if found else str(value)
            return self.home_labels[value]
        if name in self.labels:
            return self.labels[name].get(value, value)
        if name in DATE_FIELDS:
            return f"{value:%Y-%m-%d}"
        if name == "id_number":
            return mask_id_number(value)
        return str(value)


# --- writing ----------------------------------------------------------------------------------


def _is_sample(cells) -> bool:
    return clean_text(cells.get("notes")).startswith(SAMPLE_MARK)


# The background import reports how far it got every this many rows.
PROGRESS_ROWS = 250


def import_roster(
    data: bytes, *, committee, user=None, dry_run=True, file_name="", home_choices=None, progress=None
) -> ImportReport:
    """Check a roster and, unless ``dry_run`` or any row is bad, write it in one transaction.

    ``home_choices``: for a 流出地党组织 name the county's list did not match, the organisation
    the user chose in the preview (linked), or None (the text kept as written).
    ``progress(done, total)``, if given, is called every ``PROGRESS_ROWS`` rows checked and
    once more before the write (the background import's progress bar)."""
    report = ImportReport()
    try:
        table = read_table(data)
        report.file_format = table.format
        header, position = locate_header(table.rows)
    except SpreadsheetError as error:
        report.file_errors.append(str(error))
        return report
    report.header_row = header.row_number
    report.columns = [
        {"header": column.header, "field": column.field, "label": FIELD_HEADERS.get(column.field, "")}
        for column in header.columns
    ]
    report.unmatched = header.unmatched
    required = REQUIRED_FIELDS if FILE_NUMBER not in header.fields else ["name"]
    missing = [FIELD_HEADERS[name] for name in required if name not in header.fields]
    if "id_number" not in header.fields and FILE_NUMBER not in header.fields:
        missing.insert(1, FIELD_HEADERS["id_number"])
    if missing:
        report.file_errors.append(
            _("The file has no column for: %(columns)s. Add it (see the template) and upload again.")
            % {"columns": "、".join(dict.fromkeys(missing))}
        )
        return report
    numbers, rows = rows_of(table, header, position)
    kept_numbers, kept_rows = [], []
    for number, cells in zip(numbers, rows, strict=True):
        if _is_sample(cells):
            report.skipped.append({"row": number, "reason": _("the template's example row (备注 says 示例)")})
        else:
            kept_numbers.append(number)
            kept_rows.append(cells)
    if not kept_rows:
        if report.skipped:
            report.file_errors.append(
                _("The file holds only the template's example row, which is never imported: add your members under it.")
            )
        else:
            report.file_errors.append(_("The file has a header row but no members under it."))
        return report
    with transaction.atomic():
        check = RosterCheck(
            committee=committee,
            header=header,
            row_numbers=kept_numbers,
            rows=kept_rows,
            lock=not dry_run,
            home_choices=home_choices,
        )
        plans = []
        total = len(kept_rows)
        for index, cells in enumerate(kept_rows):
            if progress is not None and index % PROGRESS_ROWS == 0:
                progress(index, total)
            entry, plan = check.check(index, cells)
            report.rows.append(entry)
            if plan is not None:
                plans.append(plan)
        if progress is not None:
            progress(total, total)
        if not dry_run and report.ok and plans:
            reason = _("Imported from %(file)s") % {"file": file_name[:80]} if file_name else _("Imported")
            write_members(plans, user=user, change_reason=reason)
        report.unmatched_home_organisations = [
            {"name": name, "rows": rows} for name, rows in sorted(check.unmatched_home.items())
        ]
    report.written = not dry_run and report.ok
    return report
