"""签收: the home organisation acknowledges a mobile member's report (双报 #2).

A report is recorded on the Guangdong side (by the branch, or by the member); it arrives on
the home side, whose secretary acknowledges it: who (the account and its name), when, and a
note. One row, read by both sides. A report still unacknowledged ``ACKNOWLEDGE_WITHIN_DAYS``
after it was submitted is listed for both: the village (to act) and the branch (to chase).

``reports_to_acknowledge`` and ``overdue_acknowledgements`` are the lists other apps call
(a 待办 list, a reminder): each takes the user and goes through ``visible_to``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.permissions import is_home_secretary
from shuangbao.models import Report

# Days a report may wait for the home side's 签收 before both sides see it as overdue.
ACKNOWLEDGE_WITHIN_DAYS = 15


def overdue_cutoff(today: datetime.date) -> datetime.date:
    """Reports submitted before this day and still unacknowledged are overdue."""
    return today - datetime.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)


def reports_to_acknowledge(user):
    """The reports waiting for 签收 that ``user`` sees, oldest first."""
    return (
        Report.objects.visible_to(user)
        .filter(acknowledged_on__isnull=True)
        .select_related("member__branch__committee", "member__home_organisation")
        .order_by("submitted_on", "pk")
    )


def overdue_acknowledgements(user, today=None):
    """Those of ``reports_to_acknowledge`` that have waited more than 15 days."""
    today = today or timezone.localdate()
    return reports_to_acknowledge(user).filter(submitted_on__lt=overdue_cutoff(today))


def acknowledge_report(report: Report, user, *, note: str = "", today=None) -> Report:
    """签收 by the home organisation's secretary: the account, its name, the day and time, a note.

    The report must be one of the secretary's members' (the caller found it through
    ``visible_to``); one already acknowledged is refused, naming who did it and when.
    Raises ValidationError in Chinese and writes nothing otherwise.
    """
    if not is_home_secretary(user):
        raise ValidationError(_("Only the home organisation's secretary acknowledges a report."))
    note = (note or "").strip()
    if len(note) > Report._meta.get_field("acknowledgement_note").max_length:
        raise ValidationError({"note": _("The note is longer than 200 characters.")})
    now = timezone.now()
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.acknowledged_on:
            raise ValidationError(
                _("This report was already acknowledged by %(who)s on %(day)s.")
                % {"who": locked.acknowledged_by or "—", "day": f"{locked.acknowledged_on:%Y-%m-%d}"}
            )
        if today < locked.submitted_on:
            raise ValidationError(_("A report cannot be acknowledged before it was submitted."))
        locked.acknowledged_by = (user.get_full_name() or user.username)[:50]
        locked.acknowledged_by_user = user
        locked.acknowledged_on = today
        locked.acknowledged_at = now
        locked.acknowledgement_note = note
        locked._history_user = user
        locked.save()
    return locked
