"""The upgrade that turns a member's 流出地党组织 text into a link (members 0009) loses nothing:
a text it matches becomes the link, a text it cannot match stays as it was written."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations")]

BEFORE = [("members", "0008_post_honor_history_committee_honours")]
TEXTS = {
    "甲": "中共安仁县永乐江镇新洲村支部委员会",  # the full name: exact
    "乙": "新洲村党支部",  # short, and the file says 永乐江镇: normalised
    "丙": "中共安仁县某某镇不存在村支部委员会",  # not on the list: kept
    "丁": "",  # a directly managed member: nothing
}


def test_the_text_becomes_a_link_where_it_matches_and_stays_where_it_does_not(django_db_use_migrations):
    if not django_db_use_migrations:
        pytest.skip("--nomigrations: the test database has no migrations to move")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        from branches.anren import ensure_home_organisations  # the list, if a flush emptied it

        ensure_home_organisations()
        # Only members moved back: today's branches hold the member's branch.
        from tests.factories import BranchFactory

        branch = BranchFactory()
        Member = old.get_model("members", "Member")
        for index, (name, text) in enumerate(TEXTS.items()):
            Member.objects.create(
                name=name,
                gender="male",
                birth_date=datetime.date(1980, 1, 1 + index),
                id_number=f"43102819800{101 + index}0011"[:17] + "X",
                joined_party_on=datetime.date(2005, 7, 1),
                category="mobile" if text else "direct",
                branch_id=branch.pk,
                hometown_township="永乐江镇",
                home_organisation=text,
            )
        call_command("migrate", "members", interactive=False, verbosity=0)
        from members.models import Member as Today

        rows = {
            m.name: (m.home_organisation.full_name if m.home_organisation else None, m.home_organisation_text)
            for m in Today.objects.select_related("home_organisation")
        }
        assert rows == {
            "甲": ("中共安仁县永乐江镇新洲村支部委员会", ""),
            "乙": ("中共安仁县永乐江镇新洲村支部委员会", ""),
            "丙": (None, "中共安仁县某某镇不存在村支部委员会"),
            "丁": (None, ""),
        }
        # And back: the link is written out as the full name again.
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        back = dict(old.get_model("members", "Member").objects.values_list("name", "home_organisation"))
        assert back == {"甲": TEXTS["甲"], "乙": TEXTS["甲"], "丙": TEXTS["丙"], "丁": ""}
    finally:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
