import datetime
from decimal import Decimal

import pytest

from dues.months import month_index
from dues.services import set_base


@pytest.fixture
def based(alice, committee):
    """Alice, in work on 4,000 yuan (40 yuan a month) since January 2026, her dues collected
    in Guangdong."""
    committee.dues_collector = "inflow"
    committee.save()

    def make(member=alice, income="4000", from_month=None, today=datetime.date(2026, 1, 5)):
        from_month = month_index(2026, 1) if from_month is None else from_month
        set_base(member, kind="in_work", income=Decimal(income), from_month=from_month, today=today)
        return member

    return make
