import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.log import record
from audit.models import MINIMUM_RETENTION_DAYS, Action, AuditEntry


class Command(BaseCommand):
    help = (
        f"Delete audit log entries older than --days N (N >= {MINIMUM_RETENTION_DAYS}); "
        "younger entries are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True, help="Keep the last N days (at least 180).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days < MINIMUM_RETENTION_DAYS:
            raise CommandError(f"--days must be at least {MINIMUM_RETENTION_DAYS}: the log is kept for six months.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = AuditEntry.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} entries older than {cutoff:%Y-%m-%d %H:%M} would be deleted.")
            return
        deleted, _per_model = AuditEntry.objects.prune_older_than(cutoff)
        # The pruning itself stays in the log, as the newest entry.
        record(None, Action.PRUNE, username="prune_audit_log", days=days, cutoff=cutoff.isoformat(), deleted=deleted)
        self.stdout.write(f"{deleted} entries older than {cutoff:%Y-%m-%d %H:%M} deleted.")
