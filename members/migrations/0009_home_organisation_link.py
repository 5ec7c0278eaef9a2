"""A mobile member's home organisation becomes a link to the county's list.

The text each file held moves to ``home_organisation_text``; the migration then matches it
(exactly, then normalised: 中共…委员会 / 党支部 suffixes, full-width characters; a short name
with the file's 乡镇) and links the files it matches, clearing their text. A text it cannot
match stays as it was, for a person to resolve on the file: no file loses what it said.
"""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    from branches.home import HomeOrganisationIndex

    HomeOrganisation = apps.get_model("branches", "HomeOrganisation")
    Member = apps.get_model("members", "Member")
    index = HomeOrganisationIndex(HomeOrganisation.objects.select_related("parent"))
    pending = Member.objects.exclude(home_organisation_text="").only(
        "pk", "home_organisation_text", "hometown_township"
    )
    batch = []
    for member in pending.iterator(chunk_size=2000):
        found = index.match(member.home_organisation_text, member.hometown_township)
        if found is not None:
            member.home_organisation_id = found.pk
            member.home_organisation_text = ""
            batch.append(member)
        if len(batch) >= 2000:
            Member.objects.bulk_update(batch, ["home_organisation", "home_organisation_text"])
            batch = []
    if batch:
        Member.objects.bulk_update(batch, ["home_organisation", "home_organisation_text"])


def unlink(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    for member in Member.objects.filter(home_organisation__isnull=False).select_related("home_organisation"):
        member.home_organisation_text = member.home_organisation.full_name
        member.save(update_fields=["home_organisation_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0010_seed_anren_home_organisations"),
        ("members", "0008_post_honor_history_committee_honours"),
    ]

    operations = [
        migrations.RenameField("member", "home_organisation", "home_organisation_text"),
        migrations.RenameField("historicalmember", "home_organisation", "home_organisation_text"),
        migrations.AlterField(
            model_name="member",
            name="home_organisation_text",
            field=models.CharField(
                blank=True,
                help_text="The name as an old file or a roster gave it, while it matches no home organisation.",
                max_length=100,
                verbose_name="home party organisation (as written)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmember",
            name="home_organisation_text",
            field=models.CharField(
                blank=True,
                help_text="The name as an old file or a roster gave it, while it matches no home organisation.",
                max_length=100,
                verbose_name="home party organisation (as written)",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="home_organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="The village branch that keeps a mobile member's membership relation.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="branches.homeorganisation",
                verbose_name="home party organisation",
            ),
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="home_organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The village branch that keeps a mobile member's membership relation.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="branches.homeorganisation",
                verbose_name="home party organisation",
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
