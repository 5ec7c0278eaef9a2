"""Helpers for migrations that move models between apps while keeping their tables."""

from django.db import migrations


def move_content_types(old_app: str, new_app: str, models: list[str]):
    """A migration operation that relabels the moved models' content types.

    Permissions (auth_permission) and the admin's log entries point at content types;
    relabelling keeps them, where creating new ones would orphan the old. A content type
    the new app already has (a database migrated halfway by hand) is left alone.
    """

    def forward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        taken = set(ContentType.objects.filter(app_label=new_app, model__in=models).values_list("model", flat=True))
        ContentType.objects.filter(app_label=old_app, model__in=set(models) - taken).update(app_label=new_app)

    def backward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=new_app, model__in=models).update(app_label=old_app)

    return migrations.RunPython(forward, backward, elidable=False)
