# Indexes for a roster of 100,000 (issue 8): the list's default order, and on
# PostgreSQL the character-gram GIN indexes that members.search uses for two-character
# Chinese names (pg_trgm needs three characters). Other databases get the plain index only.

from django.db import migrations, models

GRAM_FIELDS = ["name", "employer", "phone"]

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION anren_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    -- Every character and every pair of neighbouring characters, lower-cased.
    SELECT coalesce(array_agg(DISTINCT gram), '{}')
    FROM (
        SELECT lower(substr(value, i, 1)) AS gram FROM generate_series(1, char_length(value)) AS i
        UNION ALL
        SELECT lower(substr(value, i, 2)) FROM generate_series(1, char_length(value) - 1) AS i
    ) AS grams
$$
"""


def create_gram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    for field in GRAM_FIELDS:
        schema_editor.execute(
            f"CREATE INDEX member_{field}_grams ON members_member USING gin (anren_grams({field}))"
        )


def drop_gram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in GRAM_FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS member_{field}_grams")
    schema_editor.execute("DROP FUNCTION IF EXISTS anren_grams(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0003_meeting_late_entry_attendance_history"),
        ("members", "0002_import_batch"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["branch", "id"], name="member_branch_order"),
        ),
        migrations.RunPython(create_gram_indexes, drop_gram_indexes, elidable=False),
    ]
