"""Quiet hours: no e-mail or SMS between 21:00 and 08:00 local time; what falls due then
goes out at 08:00 (deferred, never dropped)."""

import datetime

from django.conf import settings
from django.utils import timezone


def next_allowed(now: datetime.datetime) -> datetime.datetime:
    """``now``, or the end of the quiet hours it falls in (aware, in the local time zone)."""
    start, end = settings.NOTIFICATION_QUIET_HOURS
    local = timezone.localtime(now)
    if end <= local.hour < start:
        return now
    day = local.date() if local.hour < end else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(end)))


def is_quiet(now: datetime.datetime) -> bool:
    return next_allowed(now) != now
