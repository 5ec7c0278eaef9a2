"""An uploaded roster holds full ID numbers: kept on disk only until it is confirmed, and
a day at most. Each new upload expires the previews left over; ``manage.py
expire_import_previews`` does the same from cron (daily), so none outlives a day by more."""

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import ImportBatch, ImportStatus

PREVIEW_KEPT = datetime.timedelta(days=1)


def expire_previews(now=None) -> int:
    """Delete the stored file of every preview older than a day; the batch stays in the
    history, marked as not confirmed in time. Returns how many expired."""
    cutoff = (now or timezone.now()) - PREVIEW_KEPT
    stale = ImportBatch.objects.filter(status=ImportStatus.PREVIEWED, uploaded_at__lt=cutoff)
    expired = 0
    for batch in stale.exclude(file=""):
        with transaction.atomic():
            batch.file.delete(save=False)
            batch.status = ImportStatus.EXPIRED
            batch.save(update_fields=["file", "status"])
        expired += 1
    stale.filter(file="").update(status=ImportStatus.EXPIRED)
    return expired
