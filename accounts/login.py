"""The lockout beyond django-axes' per name-and-address one: a user name attacked from
many addresses is locked too, at a higher count, so spreading guesses over a botnet
does not get around the lock while a stranger's five tries do not lock anyone out."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def name_locked(username: str) -> bool:
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.LOGIN_FAILURES_PER_NAME
