"""A retry of a failed task: the failed row stays as it is (its error is the record), and
the new run is linked to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Retry(models.Model):
    failed_id = models.UUIDField(_("failed task"), unique=True)
    retry_id = models.UUIDField(_("new run"))
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("retried by")
    )
    retried_at = models.DateTimeField(_("retried at"), auto_now_add=True)

    class Meta:
        verbose_name = _("retry")
        verbose_name_plural = _("retries")

    def __str__(self):
        return f"{self.failed_id} → {self.retry_id}"
