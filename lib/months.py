"""Month arithmetic, on ``dateutil.relativedelta``: the one place that adds months to dates.

Periods of several months (quarters, half-years) are aligned on January: a
quarter starts in January, April, July or October.
"""

import datetime

from dateutil.relativedelta import relativedelta

# How many months a period of each frequency spans, by the value both the report
# cycle (branches.ReportCycle) and the meeting rules (meetings.Frequency) store.
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (earlier when negative), or that month's last day if it is shorter."""
    return day + relativedelta(months=months)


def shift_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    return day + relativedelta(months=months, day=1)


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1) + relativedelta(day=31)


def period_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the ``months``-long period holding ``day`` (1, 3, 6 or 12, aligned on January)."""
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)
