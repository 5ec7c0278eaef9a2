"""python manage.py import_members FILE [--dry-run] [--committee NAME_OR_ID] [--user USERNAME]

The same engine as the import centre: every row is checked; on any bad row
nothing is written, every bad row is printed and the command exits 1.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.log import record
from audit.models import Action
from branches.models import Committee
from members.importing.engine import import_roster
from members.importing.spreadsheets import SpreadsheetError, check_size


class Command(BaseCommand):
    help = "Import a member roster (.xlsx, .xls or .csv in UTF-8, UTF-8-BOM, GBK or GB18030)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument("--committee", help="Committee name, short name or id (needed when there are several).")
        parser.add_argument("--user", help="User name recorded as the author in the history and audit log.")

    def handle(self, *args, file: Path, dry_run: bool, committee=None, user=None, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            check_size(file.stat().st_size)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None
        target = self._committee(committee)
        author = self._user(user)
        report = import_roster(file.read_bytes(), committee=target, user=author, dry_run=dry_run, file_name=file.name)
        counts = report.counts
        for error in report.file_errors:
            self.stderr.write(_("File error: %(error)s") % {"error": error})
        for row in report.bad_rows:
            for error in row["errors"]:
                self.stderr.write(
                    _("Row %(row)s · %(column)s: %(message)s")
                    % {"row": row["row"], "column": error["column"], "message": error["message"]}
                )
        if report.unmatched:
            self.stdout.write(
                _("Columns not recognised (not imported): %(columns)s") % {"columns": "、".join(report.unmatched)}
            )
        summary = _(
            "%(file)s: %(total)s rows, %(new)s new, %(update)s updated, "
            "%(unchanged)s unchanged, %(invalid)s with errors"
        ) % {"file": file.name, **counts}
        if not dry_run:
            record(
                None,
                Action.IMPORT,
                user=author,
                username=author.get_username() if author else "manage.py",
                file=file.name,
                committee=target.name,
                imported=report.written,
                rows=counts["total"],
                new=counts["new"],
                updated=counts["update"],
                unchanged=counts["unchanged"],
                errors=counts["invalid"] + len(report.file_errors),
            )
        if not report.ok:
            raise CommandError(_("%(summary)s. Nothing was written.") % {"summary": summary}, returncode=1)
        done = _("dry run, nothing written") if dry_run else _("imported")
        self.stdout.write(f"{summary} ({done})")

    def _committee(self, value):
        committees = Committee.objects.all()
        if value:
            lookup = Q(name=value) | Q(short_name=value)
            if value.isdigit():
                lookup |= Q(pk=int(value))
            found = committees.filter(lookup).first()
            if found is None:
                raise CommandError(_("No such committee: %(value)s") % {"value": value})
            return found
        if committees.count() != 1:
            raise CommandError(_("There is not exactly one committee; name one with --committee."))
        return committees.get()

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No such user: %(username)s") % {"username": username}) from None
