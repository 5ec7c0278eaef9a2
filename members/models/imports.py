"""Roster import batches (导入中心): the uploaded file, its preview and its outcome."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Committee
from branches.scoping import ScopedManager, scoped_queryset


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    REJECTED = "rejected", _("Has errors")
    IMPORTED = "imported", _("Imported")
    EXPIRED = "expired", _("Not confirmed in time")
    # A large roster imports in the background (members.tasks.import_batch).
    QUEUED = "queued", _("Queued")
    IMPORTING = "importing", _("Importing")
    FAILED = "failed", _("Import failed")


def import_file_path(instance, filename):
    # The uploader's file name never reaches the file system: a random name and
    # the format detected from the content.
    return f"imports/{uuid.uuid4().hex}.{instance.file_format or 'bin'}"


class ImportBatch(models.Model):
    """导入记录: one uploaded roster, its preview and, once confirmed, what it changed."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("committee")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200, help_text=_("As the uploader named it; display only."))
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    unmatched_columns = models.JSONField(_("unmatched columns"), default=list, blank=True)
    # The preview as shown to the uploader (rows, errors, file-level problems).
    report = models.JSONField(_("preview"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    # The background import: its task (django-tasks) and the rows checked so far.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    progress = models.PositiveIntegerField(_("rows checked"), default=0)

    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-uploaded_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{timezone.localtime(self.uploaded_at):%Y-%m-%d %H:%M} {self.file_name}"
