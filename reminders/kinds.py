"""The kinds of reminder, with the labels ``send_reminders`` prints."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NOT_CHECKED_IN = "not_checked_in", _("Not checked in after the grace period")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    CLAIM_DUE = "claim_due", _("Claim due or overdue")
    ARREARS = "arrears", _("Dues in arrears")
    TODO = "todo", _("To-do digest for staff")
