from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """The daily reminder job: what is due, for whom, through which channels."""

    name = "reminders"
    verbose_name = _("Reminders")
