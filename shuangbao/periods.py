"""Reporting periods (报告周期): a committee reports monthly, quarterly, half-yearly or yearly.

A period is named by its first day. All arithmetic lives here so that boards,
forms, seeds and tests agree on where a period starts and ends.
"""

import datetime
from dataclasses import dataclass

from branches.models import ReportCycle
from lib import months
from lib.months import MONTHS_PER_PERIOD, shift_months


def period_start(day: datetime.date, cycle: str) -> datetime.date:
    return months.period_start(day, MONTHS_PER_PERIOD[cycle])


def next_period_start(start: datetime.date, cycle: str) -> datetime.date:
    return shift_months(start, MONTHS_PER_PERIOD[cycle])


def period_end(start: datetime.date, cycle: str) -> datetime.date:
    """The last day of the period that begins on ``start``."""
    return next_period_start(start, cycle) - datetime.timedelta(days=1)


def recent_periods(day: datetime.date, cycle: str, count: int) -> list[datetime.date]:
    """Starts of the period holding ``day`` and the ``count - 1`` before it, newest first."""
    start = period_start(day, cycle)
    span = MONTHS_PER_PERIOD[cycle]
    return [shift_months(start, -span * offset) for offset in range(count)]


def period_label(start: datetime.date, cycle: str) -> str:
    if cycle == ReportCycle.MONTHLY:
        return f"{start.year}年{start.month}月"
    if cycle == ReportCycle.QUARTERLY:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if cycle == ReportCycle.HALF_YEARLY:
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
    return f"{start.year}年"


def report_cutoff(start: datetime.date, cycle: str) -> datetime.date:
    """The last day before the period's final month.

    Members who join the party or leave home after this day are exempt for the
    period (免报) and report from the next one: a newcomer of the last month has had
    no time to report yet. In a monthly cycle that is every newcomer of the month.
    The check-in plays no part: the duty to report runs from leaving home
    (``shuangbao.rules.report_exempt_condition``).
    """
    return shift_months(next_period_start(start, cycle), -1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """One reporting period of a cycle, named by its first day."""

    start: datetime.date
    cycle: str

    @classmethod
    def containing(cls, day: datetime.date, cycle: str) -> "Period":
        return cls(period_start(day, cycle), cycle)

    @property
    def end(self) -> datetime.date:
        return period_end(self.start, self.cycle)

    @property
    def cutoff(self) -> datetime.date:
        return report_cutoff(self.start, self.cycle)

    @property
    def label(self) -> str:
        return period_label(self.start, self.cycle)

    def previous(self, count: int = 1) -> "Period":
        return Period(shift_months(self.start, -MONTHS_PER_PERIOD[self.cycle] * count), self.cycle)

    def recent(self, count: int) -> list["Period"]:
        """This period and the ``count - 1`` before it, newest first."""
        return [self.previous(offset) for offset in range(count)]

    def __str__(self):
        return self.label
