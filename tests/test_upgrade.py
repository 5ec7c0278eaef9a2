"""An upgrade from the release before the house moved (c72b4d4) keeps every row.

The test database is migrated back to the migrations that release ended with, filled
through the models of that state (today's code cannot write them: its CheckIn lives in
shuangbao, its Meeting in meetings), counted table by table and migrated forward with
``migrate``, as an upgrade runs it. Every table must still be there with as many rows,
the moved rows must read the same through today's models, their content types and
permissions must have followed them, and the move must reverse.

``scripts/check_upgrade.sh`` does the same with the demo data and the old release's own
code; this test runs with the suite, on SQLite and on PostgreSQL alike.
"""

import datetime

import pytest
from django.apps import apps as current_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [
    # Migrations run outside a test transaction, and the database is flushed afterwards
    # (which re-creates content types and permissions for the tests that follow).
    pytest.mark.django_db(transaction=True),
    # Every xdist worker has a test database of its own (pytest-django suffixes its name
    # with _gw0, _gw1 …), so only this worker's copy moves back and forth. --dist loadfile
    # (pyproject.toml) keeps this module on one worker; under --dist loadgroup the group
    # would keep any test that migrates the schema on one worker.
    pytest.mark.xdist_group("migrations"),
]

# Where our apps stood in the previous release; shuangbao and meetings did not exist.
PREVIOUS_RELEASE = [
    ("audit", "0002_append_only_and_prune_action"),
    ("branches", "0003_meeting_late_entry_attendance_history"),
    ("members", "0005_member_id_tail_index"),
    ("assistance", "0003_return_application_history_and_post_quota"),
    ("dashboard", "0001_cache_table"),
    ("shuangbao", None),
    ("meetings", None),
    ("dues", None),
    ("development", None),  # 发展党员 (issue 19): new in this release
    ("appraisals", None),  # 民主评议 (issue 17): new in this release
    ("selfservice", None),  # members' own pages, invitations, notices (issue 21): new
]

# Every model that moved: (old app, model) → new app. Each keeps its table.
MOVED = {
    ("members", "CheckIn"): "shuangbao",
    ("members", "HistoricalCheckIn"): "shuangbao",
    ("members", "Report"): "shuangbao",
    ("members", "HistoricalReport"): "shuangbao",
    ("members", "TaskClaim"): "shuangbao",
    ("members", "HistoricalTaskClaim"): "shuangbao",
    ("branches", "Task"): "shuangbao",
    ("branches", "HistoricalTask"): "shuangbao",
    ("branches", "Meeting"): "meetings",
    ("branches", "HistoricalMeeting"): "meetings",
    ("branches", "MeetingAttachment"): "meetings",
    ("branches", "Attendance"): "meetings",
    ("branches", "HistoricalAttendance"): "meetings",
    ("branches", "ComplianceRule"): "meetings",
}
# A few that stayed, written alongside: the rows the moved ones point at, and the logs.
KEPT = [
    ("auth", "User"),
    ("branches", "Committee"),
    ("branches", "Branch"),
    ("members", "Member"),
    ("members", "HistoricalMember"),
    ("audit", "AuditEntry"),
    ("admin", "LogEntry"),
]


def previous_release_targets(executor):
    """Our apps as the previous release left them, everyone else's where they are now."""
    ours = {app for app, _ in PREVIOUS_RELEASE}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ours]
    return [*others, *PREVIOUS_RELEASE]


def migrate_to_previous_release():
    """Migrate the database back; the models of that state (``StateApps``)."""
    executor = MigrationExecutor(connection)
    targets = previous_release_targets(executor)
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


# What this release adds beside the previous one's tables: the history of the records that
# got page editors (issue 14). New and empty after the upgrade, gone again after a rollback;
# every comparison below is of what the previous release had.
DUES_MODELS = [
    "duesaccount",
    "duesbase",
    "payment",
    "paymentmonth",
    "remittance",
    "historicalduesaccount",
    "historicalduesbase",
    "historicalpayment",
    "historicalremittance",
]
APPRAISAL_MODELS = ("appraisal", "historicalappraisal", "disposal", "historicaldisposal")
ORGLIFE_MODELS = (
    "partygroup",
    "partygroupmember",
    "historicalpartygroup",
    "election",
    "historicalelection",
    "candidate",
    "historicalcandidate",
    "signin",
)
ADDED_MODELS = {
    ("branches", "historicalbranch"),
    ("branches", "historicalcommittee"),
    ("branches", "historicalpairedvillage"),
    ("meetings", "historicalcompliancerule"),
    ("members", "historicalhonor"),
    ("members", "historicalpost"),
    # Issue 15: a member's life (status changes, the 失联 search log).
    ("members", "statuschange"),
    ("members", "contactattempt"),
    ("members", "historicalcontactattempt"),
    ("members", "transfer"),
    ("members", "historicaltransfer"),
    ("members", "activitycertificate"),
    ("members", "historicalactivitycertificate"),
    # Issue 17: the county's list of home organisations (seeded by its migration); 民主评议.
    ("branches", "homeorganisation"),
    ("branches", "historicalhomeorganisation"),
    *(("appraisals", model) for model in APPRAISAL_MODELS),
    # Issue 16: 党费, a new app.
    *(("dues", model) for model in DUES_MODELS),
    # 发展党员 (issue 19): a new app, its tables new and empty after the upgrade.
    *(
        ("development", model)
        for model in (
            "applicant",
            "developmentrules",
            "historicalapplicant",
            "historicalapplicant_contacts",
            "historicalapplicant_sponsors",
            "historicaldevelopmentrules",
            "step",
        )
    ),
    # 组织生活 (issue 18): 党小组, elections, QR sign-ins, new and empty after the upgrade.
    *(("meetings", model) for model in ORGLIFE_MODELS),
    # Issue 21: invitations, notices and their read receipts, new and empty after the upgrade.
    *(("selfservice", model) for model in ("invitation", "notice", "noticeread")),
    # Issue 18: the committee's own 班子.
    ("members", "committeepost"),
    ("members", "historicalcommitteepost"),
}
# Added tables that their migration fills: the county's list of home organisations.
SEEDED_TABLES = {"branches_homeorganisation"}
ADDED_TABLES = {
    "branches_historicalhomeorganisation",
    *(f"appraisals_{model}" for model in APPRAISAL_MODELS),
    "branches_historicalbranch",
    "branches_historicalcommittee",
    "branches_historicalpairedvillage",
    "branches_historicalcompliancerule",
    "members_historicalhonor",
    "members_historicalpost",
    "members_statuschange",
    "members_contactattempt",
    "members_historicalcontactattempt",
    "members_transfer",
    "members_historicaltransfer",
    "members_activitycertificate",
    "members_historicalactivitycertificate",
    *(f"dues_{model}" for model in DUES_MODELS),
    "development_applicant",
    "development_applicant_contacts",
    "development_applicant_sponsors",
    "development_developmentrules",
    "development_historicalapplicant",
    "development_historicalapplicant_contacts",
    "development_historicalapplicant_sponsors",
    "development_historicaldevelopmentrules",
    "development_step",
    *(f"meetings_{model}" for model in ORGLIFE_MODELS),
    *(f"selfservice_{model}" for model in ("invitation", "notice", "noticeread")),
    "members_committeepost",
    "members_historicalcommitteepost",
}


def without_added(counts):
    return {table: count for table, count in counts.items() if table not in ADDED_TABLES | SEEDED_TABLES}


# Columns that changed since the previous release: (app, model) → {today's column: the old one}
# (a mobile member's home organisation became a link; its text moved beside it, issue 17).
RENAMED_COLUMNS = {
    ("members", "Member"): {"home_organisation_text": "home_organisation"},
    ("members", "HistoricalMember"): {"home_organisation_text": "home_organisation"},
}


def old_types_only(types):
    return {key: pk for key, pk in types.items() if key not in ADDED_MODELS}


def old_permissions_only(found, types):
    added = {pk for key, pk in types.items() if key in ADDED_MODELS}
    return {permission for permission in found if permission[1] not in added}


def row_counts():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def rows_of(model, like=None):
    """Every column of every row, in pk order: what must survive the move unchanged. With
    ``like`` (the model of the old release), only its columns: fields added since then
    start at their defaults."""
    if like is None:
        return list(model._default_manager.order_by("pk").values())
    forward = RENAMED_COLUMNS.get((like._meta.app_label, like._meta.object_name), {})
    back = {old: new for new, old in forward.items()}
    columns = [back.get(field.attname, field.attname) for field in like._meta.concrete_fields]
    rows = model._default_manager.order_by("pk").values(*columns)
    return [{forward.get(name, name): value for name, value in row.items()} for row in rows]


def content_types(ContentTypeModel):
    return {(ct.app_label, ct.model): ct.pk for ct in ContentTypeModel.objects.all()}


def permissions(PermissionModel):
    return set(PermissionModel.objects.values_list("pk", "content_type_id", "codename", "name"))


def history_of(History, obj, user):
    """The "created" history row django-simple-history would have written for ``obj``."""
    fields = {f.attname for f in History._meta.concrete_fields}
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname in fields}
    return History.objects.create(
        **values, history_date=timezone.now(), history_type="+", history_user_id=user.pk, history_change_reason=None
    )


def write_previous_release_data(old):
    """One row in every moved table (history tables included) and the rows they point at."""
    get = old.get_model
    user = get("auth", "User").objects.create(username="upgrade", password="!")
    committee = get("branches", "Committee").objects.create(
        name="中共安仁县驻广东地区流动委员会",
        short_name="安仁县驻广东流动党委",
        region="广东省",
        founded_on=datetime.date(2004, 7, 1),
    )
    branch = get("branches", "Branch").objects.create(committee=committee, ordinal=1, name="第一党支部", city="东莞")
    member = get("members", "Member").objects.create(
        name="王阿丽",
        gender="female",
        birth_date=datetime.date(1980, 1, 1),
        id_number="431028198001011226",
        phone="13800000001",
        joined_party_on=datetime.date(2005, 7, 1),
        full_member_on=datetime.date(2006, 7, 1),
        category="mobile",
        branch=branch,
        left_home_on=datetime.date(2015, 3, 1),
    )
    history_of(get("members", "HistoricalMember"), member, user)

    task = get("branches", "Task").objects.create(
        committee=committee,
        branch=branch,
        title="招商引资线索收集",
        category="investment_lead",
        opens_on=datetime.date(2026, 1, 1),
        due_on=datetime.date(2026, 6, 30),
        capacity=3,
    )
    history_of(get("branches", "HistoricalTask"), task, user)
    check_in = get("members", "CheckIn").objects.create(
        member=member,
        branch=branch,
        checked_in_on=datetime.date(2026, 2, 1),
        way="in_person",
        address="东莞市长安镇",
        employer="东莞某电子厂",
        recorded_by=user,
    )
    history_of(get("members", "HistoricalCheckIn"), check_in, user)
    report = get("members", "Report").objects.create(
        member=member,
        period_start=datetime.date(2026, 1, 1),
        submitted_on=datetime.date(2026, 3, 20),
        channel="wechat",
        summary="思想、工作、学习和生活情况",
        acknowledged_by="李书记",
        acknowledged_on=datetime.date(2026, 3, 25),
        recorded_by=user,
    )
    history_of(get("members", "HistoricalReport"), report, user)
    claim = get("members", "TaskClaim").objects.create(
        task=task, member=member, claimed_on=datetime.date(2026, 2, 2), status="in_progress", progress_notes="已联系"
    )
    history_of(get("members", "HistoricalTaskClaim"), claim, user)

    meeting = get("branches", "Meeting").objects.create(
        branch=branch,
        kind="themed_day",
        held_on=datetime.date(2026, 2, 15),
        topic="重温入党誓词",
        minutes="会议记录",
        recorded_by=user,
        late_entry=True,
    )
    history_of(get("branches", "HistoricalMeeting"), meeting, user)
    attendance = get("branches", "Attendance").objects.create(
        meeting=meeting, member=member, status="excused", reason="出差"
    )
    history_of(get("branches", "HistoricalAttendance"), attendance, user)
    get("branches", "MeetingAttachment").objects.create(
        meeting=meeting,
        file=f"meetings/{branch.pk}/0123456789abcdef.jpg",
        original_name="签到表.jpg",
        content_type="image/jpeg",
        size=2048,
        uploaded_by=user,
    )
    get("branches", "ComplianceRule").objects.create(committee=committee, kind="themed_day", frequency="monthly")

    get("audit", "AuditEntry").objects.create(
        user=user, username=user.username, action="export", object_type="", details={"rows": 1}
    )
    check_in_type = get("contenttypes", "ContentType").objects.get(app_label="members", model="checkin")
    return get("admin", "LogEntry").objects.create(
        action_time=timezone.now(),
        user=user,
        content_type=check_in_type,
        object_id=str(check_in.pk),
        object_repr="王阿丽 报到",
        action_flag=CHANGE,
        change_message="[]",
    )


def relabelled(types):
    """The content types as they must be after the upgrade: the moved models' under their new app."""
    moved = {(app, model.lower()): new_app for (app, model), new_app in MOVED.items()}
    return {(moved.get(key, key[0]), key[1]): pk for key, pk in types.items()}


def test_a_database_of_the_previous_release_upgrades_with_every_row_and_back(django_db_use_migrations):
    if not django_db_use_migrations:
        pytest.skip("--nomigrations: the test database has no migrations to move")
    try:
        old = migrate_to_previous_release()
        log_entry = write_previous_release_data(old)

        before = row_counts()
        moved_tables = {old.get_model(*key)._meta.db_table for key in MOVED}
        assert {table for table in moved_tables if not before.get(table)} == set(), "a moved table holds no row"
        old_rows = {key: rows_of(old.get_model(*key)) for key in [*MOVED, *KEPT]}
        # (the test database was made by today's migrations and taken back: the added models'
        # content types may linger from then, as on any database that was rolled back)
        old_types = content_types(old.get_model("contenttypes", "ContentType"))
        old_permissions = old_permissions_only(permissions(old.get_model("auth", "Permission")), old_types)
        old_types = old_types_only(old_types)
        migrations_before = before["django_migrations"]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        assert {("members", "0006_shuangbao_models_move_out"), ("shuangbao", "0001_models_moved_in")} <= {
            (migration.app_label, migration.name) for migration, _backwards in pending
        }

        # The upgrade, as an operator runs it: migrate, post_migrate signals included
        # (they would create content types and permissions for any model without one).
        call_command("migrate", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()

        after = row_counts()
        applied = after["django_migrations"] - migrations_before
        assert applied == len(pending)  # members 0006, branches 0004, shuangbao and meetings 0001-0002, …
        assert {table: after.get(table) for table in ADDED_TABLES} == dict.fromkeys(ADDED_TABLES, 0)
        assert all(after.get(table) for table in SEEDED_TABLES)
        assert {**without_added(after), "django_migrations": migrations_before} == before

        for (app, model), new_app in MOVED.items():
            new_model = current_apps.get_model(new_app, model)
            assert new_model._meta.db_table == old.get_model(app, model)._meta.db_table
            like = old.get_model(app, model)
            assert rows_of(new_model, like) == old_rows[(app, model)], f"{app}.{model} → {new_app}.{model}"
        for app, model in KEPT:
            like = old.get_model(app, model)
            assert rows_of(current_apps.get_model(app, model), like) == old_rows[(app, model)], f"{app}.{model}"

        # Content types were relabelled, not created anew: same pks, so every permission
        # and admin log entry still points at the right model, and none is left over.
        types = content_types(ContentType)
        assert old_types_only(types) == relabelled(old_types)
        assert set(types) - set(old_types_only(types)) == ADDED_MODELS
        assert old_permissions_only(permissions(Permission), types) == old_permissions
        assert [ct for ct in ContentType.objects.all() if ct.model_class() is None] == []
        assert not ContentType.objects.filter(app_label="members", model="checkin").exists()
        assert Permission.objects.get(codename="change_checkin").content_type.app_label == "shuangbao"
        assert Permission.objects.get(codename="change_meeting").content_type.app_label == "meetings"
        CheckIn = current_apps.get_model("shuangbao", "CheckIn")
        assert LogEntry.objects.get(pk=log_entry.pk).get_edited_object() == CheckIn.objects.get()

        # Today's models write into the kept tables, whose ids carry on (PostgreSQL's
        # sequences belong to the tables), and their history goes with them.
        check_in = CheckIn.objects.get()
        newer = CheckIn.objects.create(
            member=check_in.member, branch=check_in.branch, checked_in_on=datetime.date(2026, 5, 1), way="online"
        )
        assert newer.pk > check_in.pk
        assert newer.history.get().history_type == "+"
        upgraded = without_added(row_counts())

        # And back: the previous release's state reads the same rows again.
        old = migrate_to_previous_release()
        ContentType.objects.clear_cache()
        assert {**row_counts(), "django_migrations": upgraded["django_migrations"]} == upgraded
        rolled_back_types = content_types(old.get_model("contenttypes", "ContentType"))
        assert old_types_only(rolled_back_types) == old_types
        assert (
            old_permissions_only(permissions(old.get_model("auth", "Permission")), rolled_back_types) == old_permissions
        )
        OldCheckIn = old.get_model("members", "CheckIn")
        assert list(OldCheckIn.objects.order_by("pk").values_list("pk", flat=True)) == [check_in.pk, newer.pk]
        assert rows_of(old.get_model("branches", "Meeting")) == old_rows[("branches", "Meeting")]

        # Forward once more: the upgrade can be repeated after a rollback.
        call_command("migrate", interactive=False, verbosity=0)
        assert {**without_added(row_counts()), "django_migrations": upgraded["django_migrations"]} == upgraded
        assert list(CheckIn.objects.order_by("pk").values_list("pk", flat=True)) == [check_in.pk, newer.pk]
    finally:
        # Whatever happened, the suite goes on with a fully migrated database.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
