"""python manage.py send_reminders [--dry-run]: the daily reminder job, by hand or from cron."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dashboard.todo import REGISTRY
from notifications.models import Channel
from reminders.job import run
from reminders.kinds import Kind


class Command(BaseCommand):
    help = "Work out what is due and notify the people concerned (the daily reminder job)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; write and send nothing.")

    def handle(self, *args, dry_run=False, **options):
        result = run(dry_run=dry_run)
        new = result["new"]
        self.stdout.write(_("Dry run: nothing was written or sent.") if dry_run else _("Reminders"))
        self.stdout.write(_("Members:"))
        for kind in (Kind.NOT_CHECKED_IN, Kind.REPORT_OVERDUE, Kind.CLAIM_DUE, Kind.ARREARS):
            self.stdout.write(
                "  "
                + _("%(label)s: %(due)s due, %(sms)s new SMS, %(app)s new in the app")
                % {
                    "label": kind.label,
                    "due": result["members"].get(kind, 0),
                    "sms": new.get((kind, Channel.SMS), 0),
                    "app": new.get((kind, Channel.APP), 0),
                }
            )
        self.stdout.write(_("Staff (daily to-do digest):"))
        for key, item in REGISTRY.items():
            self.stdout.write(
                "  " + _("%(label)s: listed for %(n)s staff") % {"label": item.label, "n": result["staff"].get(key, 0)}
            )
        self.stdout.write(
            "  "
            + _("Digests: %(app)s new in the app, %(email)s new e-mails, %(sms)s new SMS")
            % {
                "app": new.get((Kind.TODO, Channel.APP), 0),
                "email": new.get((Kind.TODO, Channel.EMAIL), 0),
                "sms": new.get((Kind.TODO, Channel.SMS), 0),
            }
        )
        if not dry_run:
            sent = result["sent"]
            self.stdout.write(_("Sent now: %(sent)s, failed: %(failed)s") % sent)
            if result["deferred"]:
                self.stdout.write(
                    _("Quiet hours: the rest goes out at %(time)s.") % {"time": f"{result['deferred']:%Y-%m-%d %H:%M}"}
                )
