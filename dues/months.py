"""Months as whole numbers: ``year * 12 + month - 1``.

Dues are owed, paid and counted by the month. A month stored as one integer makes the
arithmetic the ledgers need (how many months of a base fall in a year, how far behind a
member is) plain integer sums in SQL on SQLite and PostgreSQL alike.
"""

import datetime


def month_index(year_or_day, month: int | None = None) -> int:
    """The month of a date (or of ``year``, ``month``) as one integer."""
    if month is None:
        return year_or_day.year * 12 + year_or_day.month - 1
    return year_or_day * 12 + month - 1


def year_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def first_day(index: int) -> datetime.date:
    year, month = year_month(index)
    return datetime.date(year, month, 1)


def label(index: int | None) -> str:
    """2027年3月 (the way a 党费证 writes a month)."""
    if index is None:
        return "—"
    year, month = year_month(index)
    return f"{year}年{month}月"


def span_label(first: int, last: int) -> str:
    """2026年12月—2027年2月, or one month's label."""
    return label(first) if first == last else f"{label(first)}—{label(last)}"


def year_bounds(year: int) -> tuple[int, int]:
    """The first and last month of a year."""
    return month_index(year, 1), month_index(year, 12)
