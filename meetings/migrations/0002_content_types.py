"""The moved models' content types follow them, so their permissions and admin log entries stay."""

from django.db import migrations

from lib.migrations import move_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0001_models_moved_in"),
    ]

    operations = [
        move_content_types(
            "branches",
            "meetings",
            [
                "meeting",
                "historicalmeeting",
                "meetingattachment",
                "attendance",
                "historicalattendance",
                "compliancerule",
            ],
        ),
    ]
