import pytest
import time_machine

from tests.factories import MemberFactory, member_account

# A Wednesday in the middle of the second quarter (Beijing time): this period is 2027年第2季度.
NOW = "2027-05-19 10:00 +0800"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def carol(branch2):
    """A mobile member of branch 2 with an account: the member persona of these tests."""
    return MemberFactory(name="陈阿卡", branch=branch2, phone="13912345678", employer="华为")


@pytest.fixture
def carol_user(carol):
    return member_account(carol)


@pytest.fixture
def dave(branch2):
    """Another member of branch 2, with an account of his own."""
    return MemberFactory(name="刘阿德", branch=branch2, phone="13987654321")


@pytest.fixture
def as_member(client, carol_user):
    client.force_login(carol_user, backend="django.contrib.auth.backends.ModelBackend")
    return client
