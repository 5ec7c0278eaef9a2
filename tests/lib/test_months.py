"""Month arithmetic on the boundaries: month ends, the leap day, the turn of the year."""

import datetime

import pytest

from branches.models import ReportCycle
from lib.months import MONTHS_PER_PERIOD, add_months, month_end, month_start, period_start, shift_months
from meetings.models import Frequency

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 8, 31), -6, D(2026, 2, 28)),  # a longer month's last day lands on February's
        (D(2028, 8, 31), -6, D(2028, 2, 29)),  # … the leap day in a leap year
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # a leap day a year on has no 29th
        (D(2028, 2, 29), -48, D(2024, 2, 29)),  # four years back it has
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),  # back across new year
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # forward across new year
        (D(2026, 5, 20), 0, D(2026, 5, 20)),
    ],
)
def test_adding_months_keeps_the_day_or_falls_back_to_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), -11, D(2025, 2, 1)),
        (D(2026, 12, 31), 1, D(2027, 1, 1)),
        (D(2027, 1, 1), -1, D(2026, 12, 1)),
        (D(2028, 2, 29), 0, D(2028, 2, 1)),
        (D(2026, 10, 15), -24, D(2024, 10, 1)),
    ],
)
def test_shifting_months_lands_on_the_first_of_the_month(day, months, expected):
    assert shift_months(day, months) == expected


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2026, 1, 31), (2026, 2, 28), (2028, 2, 29), (2100, 2, 28), (2000, 2, 29), (2026, 4, 30), (2026, 12, 31)],
)
def test_a_month_ends_on_its_last_day_leap_years_included(year, month, last):
    assert month_start(year, month) == D(year, month, 1)
    assert month_end(year, month) == D(year, month, last)


@pytest.mark.parametrize(
    ("day", "months", "start"),
    [
        (D(2026, 3, 31), 3, D(2026, 1, 1)),  # the last day of a quarter
        (D(2026, 4, 1), 3, D(2026, 4, 1)),  # the first of the next
        (D(2026, 12, 31), 3, D(2026, 10, 1)),
        (D(2026, 6, 30), 6, D(2026, 1, 1)),
        (D(2026, 7, 1), 6, D(2026, 7, 1)),
        (D(2028, 2, 29), 1, D(2028, 2, 1)),
        (D(2026, 12, 31), 12, D(2026, 1, 1)),
    ],
)
def test_a_period_starts_on_its_first_month_counted_from_january(day, months, start):
    assert period_start(day, months) == start


def test_every_report_cycle_and_meeting_frequency_has_its_length_in_months():
    assert set(ReportCycle.values) | set(Frequency.values) <= set(MONTHS_PER_PERIOD)
