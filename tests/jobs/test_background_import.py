"""A roster of 2,000 rows imports in the background; faults leave nothing half-written and
show on the jobs page with a retry."""

import datetime
import os
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.recovery import this_host
from members.id_number import make_id_number
from members.importing import engine
from members.models import ImportBatch, ImportStatus, Member
from notifications.models import Notification
from tests.jobs.helpers import run_queued
from tests.members.rosters import csv_bytes, person

pytestmark = pytest.mark.django_db

ROWS = 2000


def numbered(n):
    """Row ``n`` of a large roster: 400 people per birth date, each with a valid ID number."""
    born = datetime.date(1990, 3, 4) + datetime.timedelta(days=n // 400)
    return person(n, 公民身份号码=make_id_number("431028", born, (n % 400) * 2 + 1), 出生日期=f"{born:%Y-%m-%d}")


@pytest.fixture(scope="module")
def big_roster():
    return csv_bytes([numbered(n) for n in range(1, ROWS + 1)])


def upload_and_confirm(client, data, committee, capture):
    client.post("/imports/", {"file": SimpleUploadedFile("花名册.csv", data), "committee": committee.pk})
    batch = ImportBatch.objects.get()
    with capture(execute=True):
        response = client.post(f"/imports/{batch.pk}/confirm/")
    batch.refresh_from_db()
    return response, batch


def test_a_2000_row_roster_is_queued_then_imported_by_a_worker_with_a_notification(
    client_for, committee_staff, committee, branch1, big_roster, django_capture_on_commit_callbacks
):
    client = client_for(committee_staff)
    response, batch = upload_and_confirm(client, big_roster, committee, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert batch.status == ImportStatus.QUEUED and Member.objects.count() == 0
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "import-progress" in page and "可以离开此页面" in page
    assert client.get(f"/imports/{batch.pk}/progress/").json()["finished"] is False

    [task] = run_queued()
    assert task.status == TaskResultStatus.SUCCESSFUL
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED and batch.progress == ROWS
    assert Member.objects.count() == ROWS
    progress = client.get(f"/imports/{batch.pk}/progress/").json()
    assert progress["finished"] is True and progress["percent"] == 100
    note = Notification.objects.get(user=committee_staff)
    assert "导入完成" in note.title and f"新增 {ROWS}" in note.body
    assert note.url == f"/imports/{batch.pk}/"


def test_a_smaller_roster_still_imports_at_once(
    client_for, committee_staff, committee, branch1, django_capture_on_commit_callbacks
):
    client = client_for(committee_staff)
    _response, batch = upload_and_confirm(
        client, csv_bytes([person(1), person(2)]), committee, django_capture_on_commit_callbacks
    )
    assert batch.status == ImportStatus.IMPORTED and Member.objects.count() == 2
    assert not DBTaskResult.objects.exists()


def test_an_import_that_fails_half_way_writes_nothing_and_is_retried_from_the_jobs_page(
    client_for,
    committee_staff,
    county_admin,
    committee,
    branch1,
    big_roster,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    _response, batch = upload_and_confirm(
        client_for(committee_staff), big_roster, committee, django_capture_on_commit_callbacks
    )
    real_write = engine.write_members

    def write_then_crash(plans, **kwargs):
        real_write(plans, **kwargs)  # every row is in the table …
        assert Member.objects.count() == ROWS
        raise OSError("disk full")  # … when the write fails

    monkeypatch.setattr(engine, "write_members", write_then_crash)
    [task] = run_queued()
    assert task.status == TaskResultStatus.FAILED
    assert Member.objects.count() == 0  # one transaction: nothing half-written
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and batch.file  # kept for the retry
    assert "导入失败" in Notification.objects.get(user=committee_staff).title

    admin = client_for(county_admin)
    page = admin.get("/jobs/").content.decode()
    assert "import_batch" in page and "OSError: disk full" in page and "重试" in page
    assert "后台任务失败" in Notification.objects.get(user=county_admin).title

    monkeypatch.setattr(engine, "write_members", real_write)
    assert admin.post(f"/jobs/{task.pk}/retry/").status_code == 302
    [retried] = run_queued()
    assert retried.status == TaskResultStatus.SUCCESSFUL
    assert Member.objects.count() == ROWS
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    # A failed run is retried once; the page says so.
    assert "已重试" in admin.get("/jobs/").content.decode()
    admin.post(f"/jobs/{task.pk}/retry/")
    assert not DBTaskResult.objects.ready().exists()


def dead_pid():
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_worker_killed_mid_import_leaves_the_job_failed_with_a_retry(
    client_for, committee_staff, county_admin, committee, branch1, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("members.views.imports.BACKGROUND_ROWS", 3)
    _response, batch = upload_and_confirm(
        client_for(committee_staff),
        csv_bytes([person(n) for n in range(1, 4)]),
        committee,
        django_capture_on_commit_callbacks,
    )
    # The worker claimed the task, began the import, and was killed (kill -9): the task is
    # left RUNNING under a worker id whose process is gone, the import's transaction was
    # rolled back by the database.
    task = DBTaskResult.objects.get()
    task.claim(f"{this_host()}:{dead_pid()}")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.IMPORTING, task_id=str(task.pk))

    admin = client_for(county_admin)
    page = admin.get("/jobs/").content.decode()  # the page finds the lost task
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "WorkerLost" in page and "重试" in page
    assert Member.objects.count() == 0

    admin.post(f"/jobs/{task.pk}/retry/")
    [retried] = run_queued()
    assert retried.status == TaskResultStatus.SUCCESSFUL
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED and Member.objects.count() == 3


def test_a_running_task_of_a_live_worker_is_left_alone(db):
    from jobs.recovery import recover_lost
    from notifications.tasks import dispatch_deliveries

    result = dispatch_deliveries.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(f"{this_host()}:{os.getpid()}")
    assert recover_lost() == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_a_task_that_raises_is_kept_with_its_error_and_logged(db, county_admin, caplog):
    from reminders.tasks import send_reminders_task

    send_reminders_task.enqueue(reschedule="not a bool but fine")
    # A task whose arguments no longer fit its function raises in the worker.
    DBTaskResult.objects.update(args_kwargs={"args": [1, 2, 3], "kwargs": {}})
    with caplog.at_level("ERROR"):
        [task] = run_queued()
    assert task.status == TaskResultStatus.FAILED and "TypeError" in task.traceback
    assert any("state=FAILED" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_db_worker_batch_runs_a_queued_task(committee, branch1):
    from django.core.management import call_command

    from notifications.tasks import dispatch_deliveries

    result = dispatch_deliveries.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
