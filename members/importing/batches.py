"""An import batch's state from a report, and the background import's progress."""

import time

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from audit.log import record
from audit.models import Action
from members.models import ImportBatch, ImportStatus

# A roster of this many rows or more is imported in the background (members.tasks).
BACKGROUND_ROWS = 2000


def apply_report(batch: ImportBatch, report) -> None:
    counts = report.counts
    batch.report = report.as_json()
    batch.total_rows = counts["total"]
    batch.new_count = counts["new"]
    batch.updated_count = counts["update"]
    batch.unchanged_count = counts["unchanged"]
    batch.error_count = counts["invalid"] + len(report.file_errors)
    batch.unmatched_columns = report.unmatched
    if report.written:
        batch.status = ImportStatus.IMPORTED
    elif not report.ok:
        batch.status = ImportStatus.REJECTED


def finish_batch(request, batch: ImportBatch, report, *, user=None, **details) -> None:
    """A confirmed import's end, in the page or in the background: the batch's counts and
    state; the stored roster deleted, imported or refused (it holds full ID numbers); the
    audit entry."""
    apply_report(batch, report)
    if report.written:
        batch.imported_at = timezone.now()
    batch.file.delete(save=False)
    batch.save()
    record(
        request,
        Action.IMPORT,
        obj=batch,
        user=user,
        file=batch.file_name,
        committee=batch.committee.name,
        imported=report.written,
        rows=batch.total_rows,
        new=batch.new_count,
        updated=batch.updated_count,
        unchanged=batch.unchanged_count,
        errors=batch.error_count,
        **details,
    )


class ProgressWriter:
    """Writes a batch's ``progress`` while its import runs inside one transaction.

    The import's own connection is inside that transaction, so nothing it writes is seen
    before the commit: on PostgreSQL the progress goes through a second connection of its
    own (autocommit). SQLite allows one writer at a time, so there the progress is written
    only outside a transaction (the bar moves from the start to the end)."""

    def __init__(self, batch_id: int, every_seconds: float = 0.5):
        self.batch_id = batch_id
        self.every = every_seconds
        self.last = 0.0
        self.side = connections.create_connection(DEFAULT_DB_ALIAS) if connection.vendor == "postgresql" else None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < self.every:
            return
        self.last = now
        if self.side is not None:
            table = self.side.ops.quote_name(ImportBatch._meta.db_table)
            with self.side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET progress = %s WHERE id = %s", [done, self.batch_id])
        elif not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_id).update(progress=done)

    def close(self):
        if self.side is not None:
            self.side.close()
