"""Background tasks of the member files: a large roster's import.

The confirm step of the import centre queues ``import_batch`` for a roster of
``BACKGROUND_ROWS`` rows or more; a worker runs it, the page shows its progress, and the
uploader gets a notification with the result. The import is one transaction: a failure,
or a worker killed half-way, leaves nothing written, and the task can be retried from the
jobs page (the batch keeps its file until it is imported).
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from branches.models import HomeOrganisation
from members.importing.batches import ProgressWriter, finish_batch
from members.importing.engine import import_roster
from members.models import ImportBatch, ImportStatus
from notifications.models import Channel
from notifications.services import Message, notify

# States from which a run may start: queued, or failed before (a retry). A batch imported
# or refused meanwhile is left alone.
STARTABLE = (ImportStatus.QUEUED, ImportStatus.IMPORTING, ImportStatus.FAILED)


def _tell(user, batch, title, body=""):
    if user is None:
        return
    notify(
        Message(
            kind="import",
            title=title,
            body=body,
            recipient=user.get_full_name() or user.username,
            user=user,
            url=reverse("members:import_preview", args=[batch.pk]),
            key=f"import:{batch.pk}:{batch.task_id}:user:{user.pk}",
            channels=(Channel.APP,),
        )
    )


@task(takes_context=True)
def import_batch(context, batch_id: int, user_id: int | None = None, home_choices: dict | None = None) -> dict:
    batch = ImportBatch.objects.select_related("committee").get(pk=batch_id)
    if batch.status not in STARTABLE or not batch.file:
        return {"status": batch.status}
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    task_id = str(context.task_result.id)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.IMPORTING, task_id=task_id, progress=0)
    batch.task_id = task_id
    # The preview's 流出地党组织 choices: name → organisation (None: the text as written).
    organisations = HomeOrganisation.objects.in_bulk([pk for pk in (home_choices or {}).values() if pk])
    chosen = {name: organisations.get(pk) for name, pk in (home_choices or {}).items()}
    progress = ProgressWriter(batch.pk)
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
        report = import_roster(
            data,
            committee=batch.committee,
            user=user,
            dry_run=False,
            file_name=batch.file_name,
            home_choices=chosen,
            progress=progress,
        )
    except BaseException:
        # Nothing was written (one transaction); the file stays for a retry.
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        _tell(user, batch, _("Import failed: %(file)s") % {"file": batch.file_name}, _("Nothing was written."))
        raise
    finally:
        progress.close()
    batch.progress = report.counts["total"]
    finish_batch(None, batch, report, user=user, background=True)
    if report.written:
        _tell(
            user,
            batch,
            _("Imported: %(file)s") % {"file": batch.file_name},
            _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"new": batch.new_count, "updated": batch.updated_count, "unchanged": batch.unchanged_count},
        )
    else:
        _tell(
            user, batch, _("Nothing was imported: %(file)s") % {"file": batch.file_name}, _("The file has errors now.")
        )
    return {"status": batch.status, "rows": batch.total_rows}
