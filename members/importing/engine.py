"""The one roster import engine (``import_roster``), used by the import centre and by ``import_members``.

A roster goes through four steps, one module of this package each:

1. ``read_table`` (``spreadsheets``) turns the bytes into rows, whatever the format;
2. ``locate_header`` (``columns``) finds the header row under any title rows and maps
   each header, as the user wrote it, to a field (aliases, full-width forms, bracketed notes);
3. ``MemberResource`` (``resource``, on django-import-export) cleans every row with the
   widgets of ``cells`` and checks the cross-column rules, collecting every error of every row;
4. only when no row is bad, the new and changed members are written in bulk, with
   their history rows, inside one transaction.

It is tuned for big rosters: existing members and branches are fetched once
(cached lookups, no query per row), no per-row diff or HTML diff is built, model
``full_clean`` (a query per unique check) is replaced by the same rules without queries,
and writes are ``bulk_create_with_history`` / ``bulk_update_with_history``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from members.importing.columns import (
    FIELD_HEADERS,
    REQUIRED_FIELDS,
    HeaderMatch,
    locate_header,
)
from members.importing.resource import MemberResource
from members.importing.spreadsheets import SpreadsheetError, read_table


@dataclass
class ImportReport:
    file_format: str = ""
    header_row: int = 0
    columns: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
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
            "unmatched_home_organisations": self.unmatched_home_organisations,
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
        report.unmatched_home_organisations = [
            {"name": name, "rows": rows} for name, rows in sorted(resource.unmatched_home.items())
        ]
        for error in result.base_errors:
            report.file_errors.append(_("The database refused the import: %(error)s") % {"error": error.error})
        if report.file_errors:
            transaction.set_rollback(True)
    report.written = not dry_run and report.ok
    return report
