"""党支部 set up and kept on the pages by the committee's staff and the county (no longer the admin's)."""

import pytest
from django.urls import reverse

from branches.models import Branch

pytestmark = pytest.mark.django_db


def branch_data(committee, **changes):
    return {"committee": committee.pk, "ordinal": "9", "name": "第九党支部", "city": "佛山", **changes}


def test_committee_staff_set_up_a_branch_from_the_branch_list(client_for, committee_staff, committee, branch1):
    client = client_for(committee_staff)
    assert reverse("dashboard:branch_create") in client.get(reverse("dashboard:branch_list")).content.decode()
    response = client.post(reverse("dashboard:branch_create"), branch_data(committee))
    branch = Branch.objects.get(name="第九党支部")
    assert response.url == reverse("dashboard:branch_detail", args=[branch.pk])
    assert branch.history.get().history_user == committee_staff


def test_a_second_branch_with_the_same_ordinal_or_name_is_refused(client_for, committee_staff, committee, branch1):
    client = client_for(committee_staff)
    for changes in ({"ordinal": "1"}, {"name": "第一党支部"}):
        response = client.post(reverse("dashboard:branch_create"), branch_data(committee, **changes))
        assert response.status_code == 200 and response.context["form"].errors
    assert Branch.objects.count() == 1


def test_a_branch_is_dissolved_on_a_day_not_before_it_was_founded(client_for, county_admin, branch1):
    client = client_for(county_admin)
    url = reverse("dashboard:branch_update", args=[branch1.pk])
    data = {"ordinal": "1", "name": "第一党支部", "city": "东莞", "founded_on": "2010-05-01"}
    response = client.post(url, data | {"dissolved_on": "2010-04-30"})
    assert response.context["form"].errors["dissolved_on"] == ["支部撤销日期不能早于成立日期。"]
    assert client.post(url, data | {"dissolved_on": "2010-05-01"}).status_code == 302
    branch1.refresh_from_db()
    assert str(branch1.dissolved_on) == "2010-05-01"


def test_a_secretary_reads_its_branch_but_does_not_edit_it(client_for, secretary1, branch1):
    client = client_for(secretary1)
    assert (
        reverse("dashboard:branch_update", args=[branch1.pk])
        not in client.get(reverse("dashboard:branch_detail", args=[branch1.pk])).content.decode()
    )
    assert client.get(reverse("dashboard:branch_update", args=[branch1.pk])).status_code == 403
    assert client.post(reverse("dashboard:branch_create"), branch_data(branch1.committee)).status_code == 403
    assert Branch.objects.count() == 1
