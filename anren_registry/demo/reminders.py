"""Reminders already sent: yesterday morning's run of the daily job (issue 21), so that the
log, the bell and the members' SMS (the logging backend) show what a day of it looks like."""

import datetime

from django.utils import timezone

from reminders.job import run


def build(context) -> None:
    yesterday = context.today - datetime.timedelta(days=1)
    morning = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(8, 30)))
    result = run(now=morning)
    context.figures["reminders"] = sum(result["new"].values())
