"""结对帮扶村 on the pages: a branch pairs with a village at home, corrects it, removes it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import PairedVillage

pytestmark = pytest.mark.django_db


def village_data(branch, **changes):
    return {
        "branch": branch.pk,
        "township": "龙海镇",
        "village": "朴塘村",
        "since": timezone.localdate().isoformat(),
        **changes,
    }


def test_a_secretary_pairs_its_branch_from_the_branch_page(client_for, secretary1, branch1):
    client = client_for(secretary1)
    form = client.get(reverse("assistance:paired_village_create") + f"?branch={branch1.pk}").context["form"]
    assert list(form.fields["branch"].queryset) == [branch1]
    assert form.initial["branch"] in (branch1.pk, str(branch1.pk))
    response = client.post(reverse("assistance:paired_village_create"), village_data(branch1))
    assert response.url == reverse("dashboard:branch_detail", args=[branch1.pk])
    village = PairedVillage.objects.get()
    assert (village.branch, village.households_visited, village.history.get().history_user) == (branch1, 0, secretary1)
    assert "龙海镇朴塘村" in client.get(response.url).content.decode()


def test_a_second_pairing_with_the_same_village_is_refused_in_chinese(client_for, secretary1, branch1, branch2):
    PairedVillage.objects.create(branch=branch1, township="龙海镇", village="朴塘村", since="2020-01-01")
    response = client_for(secretary1).post(reverse("assistance:paired_village_create"), village_data(branch1))
    assert "该支部已与此村结对。" in response.content.decode()
    # Another branch may pair with the same village.
    PairedVillage.objects.create(branch=branch2, township="龙海镇", village="朴塘村", since="2020-01-01")
    assert PairedVillage.objects.count() == 2


def test_a_pairing_cannot_start_in_the_future(client_for, secretary1, branch1):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client_for(secretary1).post(
        reverse("assistance:paired_village_create"), village_data(branch1, since=tomorrow.isoformat())
    )
    assert response.status_code == 200 and not PairedVillage.objects.exists()


def test_a_secretary_keeps_only_its_own_branchs_villages(client_for, secretary1, secretary2, branch1, branch2):
    village = PairedVillage.objects.create(branch=branch1, township="龙海镇", village="朴塘村", since="2020-01-01")
    other = client_for(secretary2)
    assert other.get(reverse("assistance:paired_village_update", args=[village.pk])).status_code == 404
    assert other.post(reverse("assistance:paired_village_delete", args=[village.pk])).status_code == 404
    # Pairing branch 1 from branch 2's account: branch 1 is not among the choices.
    assert other.post(reverse("assistance:paired_village_create"), village_data(branch1)).status_code == 200
    assert PairedVillage.objects.count() == 1
    own = client_for(secretary1)
    response = own.post(
        reverse("assistance:paired_village_update", args=[village.pk]),
        village_data(branch1, households_visited="12", note="产业帮扶"),
    )
    assert response.status_code == 302
    village.refresh_from_db()
    assert (village.households_visited, village.note) == (12, "产业帮扶")
    response = own.post(reverse("assistance:paired_village_delete", args=[village.pk]))
    assert response.url == reverse("dashboard:branch_detail", args=[branch1.pk])
    assert not PairedVillage.objects.exists()
    assert PairedVillage.history.filter(id=village.pk, history_type="-", history_user=secretary1).exists()


def test_the_auditor_reads_the_list_without_editor_links(client_for, auditor, branch1):
    PairedVillage.objects.create(branch=branch1, township="龙海镇", village="朴塘村", since="2020-01-01")
    page = client_for(auditor).get(reverse("assistance:paired_village_list")).content.decode()
    assert "朴塘村" in page and reverse("assistance:paired_village_create") not in page
    assert client_for(auditor).get(reverse("assistance:paired_village_create")).status_code == 403
