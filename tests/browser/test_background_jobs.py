"""A worker started the way `make run` starts it (scripts/worker.sh) imports a roster of
2,000 rows queued in the browser: the page shows the progress and reaches 已导入, and the
bell counts the notification of the result."""

import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from members.models import Member
from tests.factories import BranchFactory, CommitteeFactory, Role, user_with_role
from tests.jobs.test_background_import import ROWS, numbered
from tests.members.rosters import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(settings.BASE_DIR)


def database_url():
    """The live server's database, for the worker's process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker():
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PY": str(ROOT / ".venv" / "bin" / "python"),
    }
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "worker.sh"), "--interval", "0.5", "--no-startup-delay", "-v", "0"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def test_a_queued_import_is_run_by_the_worker_and_reaches_imported_in_the_page(live_server, page, tmp_path, worker):
    committee = CommitteeFactory()
    BranchFactory(committee=committee, ordinal=1, name="第一党支部")
    user_with_role("staff", Role.COMMITTEE_STAFF, committee=committee)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    roster = tmp_path / "花名册.csv"
    roster.write_bytes(csv_bytes([numbered(n) for n in range(1, ROWS + 1)]))
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("input[name=file]", str(roster))
    page.click("text=上传并检查")
    assert page.locator("[data-count=new]").inner_text() == str(ROWS)
    page.click("#confirm-import")
    page.wait_for_selector("text=导入正在后台进行")
    assert page.locator("#import-progress").is_visible()
    # The worker picks the task up; the page polls and reloads once it is done.
    expect(page.locator("#import-status")).to_have_text("已导入", timeout=120_000)
    assert Member.objects.count() == ROWS
    expect(page.locator("#notification-bell [data-unread]")).to_have_text("1")
    page.click("#notification-bell")
    assert f"新增 {ROWS}" in page.content()
