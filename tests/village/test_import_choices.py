"""The roster import's preview lists the 流出地党组织 names the county's list did not match,
and the user chooses, for each, the organisation (or to keep the name as written); the
confirm step applies the choices. Nothing is guessed, nothing written without a choice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import HomeOrganisation
from members.models import ImportBatch, ImportStatus, Member
from tests.members.rosters import person, xlsx_bytes

pytestmark = pytest.mark.django_db
UNKNOWN = "中共安仁县永乐江镇新州村支部委员会"  # a typing slip for 新洲村
OTHER = "外省某村党支部"


@pytest.fixture
def preview(client_for, committee_staff, committee, branch1, xinzhou):
    client = client_for(committee_staff)
    rows = [
        person(1, 姓名="甲", 流出地党组织="永乐江镇新洲村党支部"),
        person(2, 姓名="乙", 流出地党组织=UNKNOWN),
        person(3, 姓名="丙", 流出地党组织=UNKNOWN),
        person(4, 姓名="丁", 流出地党组织=OTHER),
    ]
    data = {"committee": committee.pk, "file": SimpleUploadedFile("花名册.xlsx", xlsx_bytes(rows))}
    response = client.post("/imports/", data)
    return client, ImportBatch.objects.get(), response.url


def test_the_preview_offers_a_choice_for_each_unmatched_name(preview, xinzhou):
    client, batch, url = preview
    page = client.get(url).content.decode()
    assert [item["name"] for item in batch.report["unmatched_home_organisations"]] == sorted([UNKNOWN, OTHER])
    assert 'name="home-0"' in page and 'name="home-1"' in page and 'name="home-2"' not in page
    assert f'<option value="{xinzhou.pk}">{xinzhou.full_name}</option>' in page
    assert "保留原文（不关联名录）" in page


def test_confirming_without_a_choice_writes_nothing(preview):
    client, batch, _url = preview
    names = {f"home-name-{i}": item["name"] for i, item in enumerate(batch.report["unmatched_home_organisations"])}
    response = client.post(f"/imports/{batch.pk}/confirm/", names | {"home-0": "keep"}, follow=True)
    assert "请为" in response.content.decode() and UNKNOWN in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and not Member.objects.exists()
    # A township is not a choice (a relation is held by a village or community branch).
    township = HomeOrganisation.objects.townships().first()
    index = [item["name"] for item in batch.report["unmatched_home_organisations"]].index(UNKNOWN)
    client.post(
        f"/imports/{batch.pk}/confirm/", names | {f"home-{index}": str(township.pk), f"home-{1 - index}": "keep"}
    )
    assert not Member.objects.exists()


def test_the_confirm_step_links_the_chosen_organisation_and_keeps_the_other_as_written(preview, xinzhou):
    client, batch, _url = preview
    names = [item["name"] for item in batch.report["unmatched_home_organisations"]]
    data = {f"home-name-{i}": name for i, name in enumerate(names)}
    data[f"home-{names.index(UNKNOWN)}"] = str(xinzhou.pk)
    data[f"home-{names.index(OTHER)}"] = "keep"
    assert client.post(f"/imports/{batch.pk}/confirm/", data).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    linked = {m.name: (m.home_organisation_id, m.home_organisation_text) for m in Member.objects.all()}
    assert linked == {"甲": (xinzhou.pk, ""), "乙": (xinzhou.pk, ""), "丙": (xinzhou.pk, ""), "丁": (None, OTHER)}
    assert batch.report["unmatched_home_organisations"] == [{"name": OTHER, "rows": [5]}]


def test_a_background_import_applies_the_choices_made_in_the_preview(
    preview, xinzhou, monkeypatch, django_capture_on_commit_callbacks
):
    """A roster large enough for the background (the threshold lowered to these 4 rows): the
    choices travel with the task, and the worker links them as the confirm step would."""
    from tests.jobs.helpers import run_queued

    monkeypatch.setattr("members.views.imports.BACKGROUND_ROWS", 4)
    client, batch, _url = preview
    names = [item["name"] for item in batch.report["unmatched_home_organisations"]]
    data = {f"home-name-{i}": name for i, name in enumerate(names)}
    data[f"home-{names.index(UNKNOWN)}"] = str(xinzhou.pk)
    data[f"home-{names.index(OTHER)}"] = "keep"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/confirm/", data)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED and not Member.objects.exists()
    run_queued()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    linked = {m.name: (m.home_organisation_id, m.home_organisation_text) for m in Member.objects.all()}
    assert linked == {"甲": (xinzhou.pk, ""), "乙": (xinzhou.pk, ""), "丙": (xinzhou.pk, ""), "丁": (None, OTHER)}
