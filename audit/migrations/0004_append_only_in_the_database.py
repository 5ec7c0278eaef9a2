"""The audit log is append-only in the database too (PostgreSQL): a trigger refuses any
UPDATE, and a DELETE of an entry younger than the retention (180 days), whoever sends it
(the ORM, psql, a compromised application account). prune_audit_log deletes only older
entries, which the trigger lets through. TRUNCATE, which fires no row trigger, is left
to the database owner (the test suite's flush uses it). SQLite keeps the ORM's guard.

An entry's user is PROTECTed: deleting an account with entries is refused.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Keep in step with audit.models.MINIMUM_RETENTION_DAYS (a migration is history: no import).
RETENTION_DAYS = 180

CREATE = f"""
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit log is append-only: entries are never changed';
    END IF;
    IF OLD.created_at > now() - interval '{RETENTION_DAYS} days' THEN
        RAISE EXCEPTION 'audit entries younger than {RETENTION_DAYS} days are kept';
    END IF;
    RETURN OLD;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_admin_change_action'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
