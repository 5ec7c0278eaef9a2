import pytest


@pytest.fixture
def branch3(committee):
    from tests.factories import BranchFactory

    return BranchFactory(committee=committee, ordinal=3, name="第三党支部", city="佛山")
