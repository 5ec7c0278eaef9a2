"""Personas: a county admin, the secretaries of branches 1 and 2, committee staff, an auditor.

Most access tests read as "branch 2's secretary cannot open branch 1's member".
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine

from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, Role, user_with_role

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run inside one unless told it is safe (it is: one thread here).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="中共安仁县驻广东地区流动委员会", short_name="安仁县驻广东流动党委")


@pytest.fixture
def branch1(committee):
    return BranchFactory(committee=committee, ordinal=1, name="第一党支部", city="东莞")


@pytest.fixture
def branch2(committee):
    return BranchFactory(committee=committee, ordinal=2, name="第二党支部", city="深圳")


@pytest.fixture
def alice(branch1):
    """A mobile member of branch 1."""
    return MemberFactory(name="王阿丽", branch=branch1)


@pytest.fixture
def bob(branch2):
    """A mobile member of branch 2."""
    return MemberFactory(name="李阿博", branch=branch2)


@pytest.fixture
def county_admin(db):
    return user_with_role("county", Role.COUNTY_ADMIN)


@pytest.fixture
def committee_staff(committee):
    return user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)


@pytest.fixture
def secretary1(branch1):
    return user_with_role("secretary1", Role.BRANCH_SECRETARY, branch=branch1)


@pytest.fixture
def secretary2(branch2):
    return user_with_role("secretary2", Role.BRANCH_SECRETARY, branch=branch2)


@pytest.fixture
def auditor(db):
    return user_with_role("auditor", Role.AUDITOR)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The article's demo data, seeded once for a module and emptied again after it.

    Each test still runs in its own rolled-back transaction on top of it; seeding
    takes seconds, so a module of figure tests shares one copy instead of one each.
    A module that uses it must not also hold transactional tests (they empty the
    database) nor tests that expect an empty one.
    """
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_user(demo, db):
    """``demo_user("branch7")``: a demo account by user name."""
    from django.contrib.auth import get_user_model

    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


# --- the clock --------------------------------------------------------------------
# ANREN_TEST_NOW="2027-03-31 23:30 +0800" runs the whole session (every xdist worker,
# the live server's threads) with the clock set to that instant; it then ticks on as
# usual. Tests that depend on a particular date pin it themselves with time-machine.


def _vendor_static_files(config):
    """The browser packages from npm (static/vendor/, what `make vendor` installs): a checkout
    that ran pytest without make gets them here, once, before any worker starts."""
    root = Path(__file__).resolve().parent.parent
    if hasattr(config, "workerinput") or (root / "static" / "vendor" / ".installed").exists():
        return
    if shutil.which("npm") and shutil.which("make"):
        subprocess.run(["make", "-s", "vendor"], cwd=root, check=False, capture_output=True)


def pytest_configure(config):
    _vendor_static_files(config)
    instant = os.environ.get("ANREN_TEST_NOW")
    if instant:
        traveller = time_machine.travel(instant, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    instant = os.environ.get("ANREN_TEST_NOW")
    if instant:
        from django.utils import timezone

        now = timezone.now()
        return f"clock: ANREN_TEST_NOW={instant}: {now:%Y-%m-%d %H:%M} UTC, {timezone.localtime(now):%Y-%m-%d %H:%M %Z}"
    return None


# --- the browser rig -------------------------------------------------------------


def _browser_unavailable_reason():
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _browser_unavailable_reason()
    if reason is None:
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if browser_items and os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1, but the browser tests cannot run: {reason}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Chinese office users; the app must be Chinese whatever the browser says.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 900}}
