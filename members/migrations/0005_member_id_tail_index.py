# Searching by the last digits of an ID number (身份证后四位) at 100,000 members: on
# PostgreSQL an index on the reversed number turns "ends with 123X" into "reversed
# starts with X321", which a btree answers. Without it the keyword search's OR could
# not use any index and took seconds. Other databases scan (fast at a county's size).

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX member_id_number_reversed ON members_member (reverse(id_number) text_pattern_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_id_number_reversed")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_list_order_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
