import datetime
import io
import re
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.log import record
from audit.models import READ_LOG, Action, AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def entry_made_days_ago(days, **details):
    then = timezone.now() - datetime.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=then):
        return record(None, Action.EXPORT, username="old", **details)


# --- append-only ---------------------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted_from_code():
    entry = record(None, Action.EXPORT, username="secretary1", rows=3)
    entry.username = "someone else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).username == "secretary1"


def test_the_audit_log_is_not_in_the_admin_even_for_a_superuser(client):
    """The admin is the county administrator's back office; the trail is read on its own page."""
    boss = get_user_model().objects.create_superuser("root", password="correct-horse-battery")
    record(None, Action.EXPORT, username="secretary1")
    client.force_login(boss, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/audit/auditentry/").status_code == 404
    assert "auditentry" not in client.get(reverse("admin:index")).content.decode()


def test_the_auditor_reads_the_log_on_its_page_and_a_secretary_does_not(client_for, auditor, secretary1):
    record(None, Action.EXPORT, username="secretary1")
    assert client_for(auditor).get(reverse("audit:entry_list")).status_code == 200
    assert client_for(secretary1).get(reverse("audit:entry_list")).status_code == 403


# --- retention -------------------------------------------------------------------------------


def test_pruning_refuses_to_keep_less_than_180_days():
    with pytest.raises(CommandError, match="at least 180"):
        call_command("prune_audit_log", days=179)


def test_pruning_deletes_only_entries_older_than_the_given_days_and_logs_itself():
    ancient = entry_made_days_ago(400)
    half_year = entry_made_days_ago(179)
    recent = record(None, Action.LOGIN, username="secretary1")
    out = io.StringIO()
    call_command("prune_audit_log", days=365, stdout=out)
    assert "1 entries" in out.getvalue()
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert ancient.pk not in remaining
    assert {half_year.pk, recent.pk} <= remaining
    prune = AuditEntry.objects.get(action=Action.PRUNE)
    assert prune.details["deleted"] == 1 and prune.details["days"] == 365


def test_pruning_with_the_minimum_keeps_everything_younger_than_180_days():
    kept = entry_made_days_ago(179)
    gone = entry_made_days_ago(181)
    call_command("prune_audit_log", days=180, stdout=io.StringIO())
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    assert not AuditEntry.objects.filter(pk=gone.pk).exists()


def test_a_dry_run_deletes_nothing():
    entry_made_days_ago(400)
    out = io.StringIO()
    call_command("prune_audit_log", days=180, dry_run=True, stdout=out)
    assert "1 entries" in out.getvalue() and AuditEntry.objects.count() == 1


# --- what gets recorded ---------------------------------------------------------------------------


def test_logins_failed_logins_and_logouts_are_recorded(client, secretary1):
    client.post(reverse("login"), {"username": "secretary1", "password": "wrong-password-1"})
    client.post(reverse("login"), {"username": "secretary1", "password": "correct-horse-battery"})
    client.post(reverse("logout"))
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "username"))
    assert actions == [
        (Action.LOGIN_FAILED, "secretary1"),
        (Action.LOGIN, "secretary1"),
        (Action.LOGOUT, "secretary1"),
    ]
    assert AuditEntry.objects.get(action=Action.LOGIN).ip_address == "127.0.0.1"


def test_a_403_and_a_scoped_404_are_recorded_but_a_mistyped_url_is_not(client_for, secretary2, alice):
    client = client_for(secretary2)
    AuditEntry.objects.all()  # nothing yet apart from the login
    assert client.get(reverse("audit:entry_list")).status_code == 403
    assert client.post(reverse("members:reveal_id_number", args=[alice.pk])).status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    denials = AuditEntry.objects.filter(action=Action.PERMISSION_DENIED).order_by("pk")
    assert [(d.username, d.details["status"], d.details["path"]) for d in denials] == [
        ("secretary2", 403, "/audit/"),
        ("secretary2", 404, f"/members/{alice.pk}/id-number/"),
    ]


# --- the auditor's page ---------------------------------------------------------------------------


@pytest.fixture
def some_entries(alice):
    record(None, Action.EXPORT, username="secretary1", what="members", rows=12)
    record(None, Action.VIEW_ID_NUMBER, username="secretary1", obj=alice)
    record(None, Action.LOGIN_FAILED, username="secretary2")
    entry_made_days_ago(30)


def test_the_auditor_searches_the_log_by_user_action_object_and_date(client_for, auditor, some_entries):
    client = client_for(auditor)
    url = reverse("audit:entry_list")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "审计日志" in text and "查询" in text and "重置" in text and "查看完整身份号码" in text

    def usernames(**query):
        return [e.username for e in client.get(url, query).context["page_obj"]]

    assert set(usernames(user="secretary1")) == {"secretary1"}
    assert usernames(action=Action.LOGIN_FAILED) == ["secretary2"]
    assert usernames(object="王阿丽") == ["secretary1"]
    month_ago = timezone.localdate() - datetime.timedelta(days=30)
    assert usernames(date_from=month_ago.isoformat(), date_to=month_ago.isoformat()) == ["old"]


def test_the_auditor_exports_the_filtered_log_and_the_export_is_logged(client_for, auditor, some_entries):
    response = client_for(auditor).get(reverse("audit:entry_export"), {"user": "secretary1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "用户名", "操作")
    assert {row[1] for row in rows[1:]} == {"secretary1"} and len(rows) == 3
    export = AuditEntry.objects.filter(action=Action.EXPORT, username="auditor").get()
    assert export.details["rows"] == 2 and export.details["filters"] == {"user": "secretary1"}


def test_the_audit_page_costs_the_same_queries_for_5_entries_and_500(client_for, auditor, django_assert_num_queries):
    def grow(target):
        AuditEntry.objects.bulk_create(
            AuditEntry(username="someone", action=Action.LOGIN, details={})
            for _ in range(target - AuditEntry.objects.count())
        )

    client = client_for(auditor)
    grow(5)
    client.get(reverse("audit:entry_list"))
    # session, user, staff scope, count for the paginator, the page of entries, and the
    # permission-denial middleware writes nothing: 5 queries for 5 entries or 500.
    with django_assert_num_queries(5):
        client.get(reverse("audit:entry_list"))
    grow(500)
    with django_assert_num_queries(5):
        client.get(reverse("audit:entry_list"))


def test_the_details_of_an_entry_read_in_chinese(client_for, auditor):
    record(None, Action.LOGIN_FAILED, username="branch3", reason="locked_out")
    record(None, Action.ACCOUNT, username="sysadmin", change="created", role="branch_secretary")
    page = client_for(auditor).get(reverse("audit:entry_list")).content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    assert "原因：账号锁定" in text
    assert "变更：新建" in text and "角色：支部书记/支委" in text


# --- append-only in the database ---------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite keeps the ORM guard")
def test_the_database_itself_refuses_to_change_or_delete_a_young_entry():
    from django.db import DatabaseError, transaction

    entry = record(None, Action.EXPORT, username="secretary1")
    for sql in (
        "UPDATE audit_auditentry SET username = 'someone' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, username="secretary1").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite keeps the ORM guard")
def test_pruning_still_deletes_entries_past_the_retention():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (created_at, username, action, object_type, object_id, object_repr, details)"
            " VALUES (now() - interval '200 days', 'old', 'export', '', '', '', '{}')"
        )
    call_command("prune_audit_log", days=180)
    assert not AuditEntry.objects.filter(username="old").exists()


def test_an_account_with_entries_cannot_be_deleted_so_no_entry_loses_its_actor(secretary1):
    from django.db.models import ProtectedError

    record(None, Action.EXPORT, user=secretary1)
    with pytest.raises(ProtectedError):
        secretary1.delete()
    assert AuditEntry.objects.get().user == secretary1


def test_no_django_permission_opens_the_log_to_anyone_but_the_auditor(client_for, county_admin, auditor):
    """三员分立: the log's page asks for a permission that only the role grants; a permission
    row with the same name, handed out in the admin, changes nothing."""
    granted = Permission.objects.create(
        codename="read_log", name="read the log", content_type=ContentType.objects.get_for_model(AuditEntry)
    )
    county_admin.user_permissions.add(granted)
    county_admin = type(county_admin).objects.get(pk=county_admin.pk)  # no cached permissions
    assert not county_admin.has_perm(READ_LOG)
    assert client_for(county_admin).get(reverse("audit:entry_list")).status_code == 403
    assert auditor.has_perm(READ_LOG)
    assert client_for(auditor).get(reverse("audit:entry_list")).status_code == 200


def test_what_the_auditor_reads_is_chinese_and_local_time(client_for, auditor, county_admin, secretary2, alice):
    """The finding: internal keys and English values ("member roster", "imported：True",
    assistance:help_request_transition) and an import's object in UTC."""
    client_for(county_admin).get(reverse("members:roster_export"))
    client_for(county_admin).get(reverse("members:export"), {"q": "王"})
    client_for(secretary2).get(reverse("members:detail", args=[alice.pk]))
    record(None, Action.IMPORT, username="staff", imported=True)
    text = client_for(auditor).get(reverse("audit:entry_list")).content.decode()
    assert "党员花名册（全部字段）" in text and "关键词=王" in text
    assert "member roster" not in text and "members:detail" not in text and "True" not in text
    assert "已导入</span>：是" in text


def test_an_import_is_named_by_its_local_time(committee):
    from members.models import ImportBatch

    with time_machine.travel("2026-12-01 23:30 +0000", tick=False):  # 07:30 on 2 December in Anren
        batch = ImportBatch.objects.create(committee=committee, file_name="名册.xlsx")
    assert str(batch) == "2026-12-02 07:30 名册.xlsx"
