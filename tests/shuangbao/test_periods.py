import datetime

import pytest

from branches.models import ReportCycle
from shuangbao.periods import Period, period_end, period_start, recent_periods, report_cutoff

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (D(2026, 1, 1), D(2026, 1, 1)),
        (D(2026, 3, 31), D(2026, 1, 1)),
        (D(2026, 4, 1), D(2026, 4, 1)),
        (D(2026, 12, 31), D(2026, 10, 1)),
    ],
)
def test_a_day_falls_in_its_quarter(day, start):
    assert period_start(day, ReportCycle.QUARTERLY) == start


def test_the_fourth_quarter_ends_on_new_years_eve_and_the_next_starts_in_january():
    q4 = Period(D(2026, 10, 1), ReportCycle.QUARTERLY)
    assert q4.end == D(2026, 12, 31)
    assert period_end(D(2026, 10, 1), ReportCycle.QUARTERLY) == D(2026, 12, 31)
    assert Period.containing(q4.end + datetime.timedelta(days=1), ReportCycle.QUARTERLY).start == D(2027, 1, 1)


def test_the_four_recent_quarters_cross_the_year_boundary():
    periods = Period.containing(D(2027, 2, 10), ReportCycle.QUARTERLY).recent(4)
    assert [p.start for p in periods] == [D(2027, 1, 1), D(2026, 10, 1), D(2026, 7, 1), D(2026, 4, 1)]
    assert [p.label for p in periods] == ["2027年第1季度", "2026年第4季度", "2026年第3季度", "2026年第2季度"]
    assert recent_periods(D(2027, 2, 10), ReportCycle.QUARTERLY, 2) == [D(2027, 1, 1), D(2026, 10, 1)]


def test_other_cycles_have_their_own_boundaries_and_labels():
    assert Period.containing(D(2026, 7, 1), ReportCycle.HALF_YEARLY).label == "2026年下半年"
    assert Period.containing(D(2026, 6, 30), ReportCycle.HALF_YEARLY).end == D(2026, 6, 30)
    assert Period.containing(D(2026, 5, 5), ReportCycle.YEARLY).end == D(2026, 12, 31)
    assert Period.containing(D(2024, 2, 10), ReportCycle.MONTHLY).end == D(2024, 2, 29)  # a leap year
    assert Period.containing(D(2026, 1, 15), ReportCycle.MONTHLY).previous().label == "2025年12月"


def test_the_cut_off_is_the_day_before_the_periods_last_month():
    assert report_cutoff(D(2026, 10, 1), ReportCycle.QUARTERLY) == D(2026, 11, 30)
    assert report_cutoff(D(2026, 1, 1), ReportCycle.QUARTERLY) == D(2026, 2, 28)
    assert report_cutoff(D(2026, 1, 1), ReportCycle.YEARLY) == D(2026, 11, 30)
    # Monthly: every newcomer of the month starts reporting the next month.
    assert report_cutoff(D(2026, 3, 1), ReportCycle.MONTHLY) == D(2026, 2, 28)
