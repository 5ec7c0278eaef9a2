import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The article's demo data, seeded once for a module and emptied again after it.

    Each test still runs in its own rolled-back transaction on top of it; seeding
    takes seconds, so the figure tests share one copy instead of one each.
    """
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_user(demo, db):
    """``demo_user("branch7")``: a demo account by user name."""
    from django.contrib.auth import get_user_model

    return lambda username: get_user_model().objects.get(username=username)
