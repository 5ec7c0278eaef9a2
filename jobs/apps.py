from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """后台任务: the queue's failed tasks with their errors, retries, lost workers."""

    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from jobs import failures  # noqa: F401 (connects the receiver of failed tasks)
