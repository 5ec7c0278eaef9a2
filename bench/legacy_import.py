"""The roster import as it was before the COPY engine (kept for bench/import_members.py only):
MemberResource, a django-import-export resource that cleans every row with the cell widgets,
checks the rules across columns and collects every error of every row, and writes with
``bulk_create_with_history`` / ``bulk_update_with_history``; ``legacy_import_roster`` runs it.
Rows are matched by ID number only (no 档案编号)."""

from __future__ import annotations

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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
    COLUMNS,
    FIELD_HEADERS,
    REQUIRED_FIELDS,
    HeaderMatch,
    clean_text,
    locate_header,
)
from members.importing.engine import ImportReport
from members.importing.spreadsheets import SpreadsheetError, read_table
from members.models import Gender, Member


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
    home_organisation = _field("home_organisation", HomeOrganisationWidget())
    left_home_on = _field("left_home_on", DateWidget())
    employer = _text("employer")
    position = _text("position")
    work_city = _text("work_city")
    phone = _field("phone", PhoneWidget())
    activity_certificate_no = _text("activity_certificate_no", squeeze=True)
    notes = _text("notes")

    DATE_FIELDS = ("birth_date", "joined_party_on", "full_member_on", "left_home_on")
    # What an update writes; version and updated_at change with it.
    WRITTEN_FIELDS = [*(name for name, _header, _aliases in COLUMNS), "home_organisation_text"]

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
        # 流出地党组织 names the county's list does not know: name → the rows that gave it.
        self.unmatched_home: dict[str, list[int]] = {}

    # cached lookups -------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self.fields["branch"].widget.load(self.committee)
        self.fields["home_organisation"].widget.load()
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
        ids = {"branch": "branch_id", "home_organisation": "home_organisation_id"}
        return {name: getattr(instance, ids.get(name, name)) for name in self.WRITTEN_FIELDS}

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
            if isinstance(value, HomeOrganisation):
                self._set_home_organisation(instance, value, kwargs.get("row_number"))
            # An empty cell (None) leaves what the file already says.
            elif value is not None:
                setattr(instance, column.attribute, value)
        self._keep_precise_dates(instance)
        rules = self.check_rules(instance, row, failed=set(errors), row_number=kwargs.get("row_number"))
        for name, message in rules.items():
            errors.setdefault(name, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def _set_home_organisation(self, instance, value: HomeOrganisation, row_number):
        """The link when the name matched; otherwise the text, kept and listed for the preview."""
        instance.home_organisation = value.organisation
        instance.home_organisation_text = "" if value.organisation else value.text
        if value.organisation is None and row_number:
            self.unmatched_home.setdefault(value.text, []).append(self.row_numbers[row_number - 1])

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


def legacy_import_roster(data: bytes, *, committee, user=None, dry_run=True, file_name="") -> ImportReport:
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
