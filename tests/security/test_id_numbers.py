import pytest
from django.urls import reverse

from audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def reveal(client, member):
    return client.post(reverse("members:reveal_id_number", args=[member.pk]))


def test_a_secretary_reveals_a_full_id_number_of_their_branch_and_it_is_logged(client_for, secretary1, alice):
    response = reveal(client_for(secretary1), alice)
    assert response.status_code == 200
    assert response.json() == {
        "id_number": alice.id_number,
        "masked": alice.id_number[:6] + "********" + alice.id_number[-4:],
    }
    assert response["Cache-Control"].startswith("max-age=0")
    entry = AuditEntry.objects.get(action=Action.VIEW_ID_NUMBER)
    assert (entry.username, entry.object_type, entry.object_id) == ("secretary1", "members.Member", str(alice.pk))


def test_another_branchs_member_is_a_404_and_nothing_is_revealed(client_for, secretary2, alice):
    response = reveal(client_for(secretary2), alice)
    assert response.status_code == 404 and alice.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()
    assert AuditEntry.objects.filter(action=Action.PERMISSION_DENIED, details__status=404).exists()


def test_the_auditor_sees_masked_numbers_only(client_for, auditor, alice):
    client = client_for(auditor)
    assert reveal(client, alice).status_code == 403
    page = client.get(reverse("admin:members_member_change", args=[alice.pk])).content.decode()
    assert alice.id_number not in page and alice.masked_id_number in page
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()


def test_a_reveal_is_a_post_so_no_link_or_prefetch_can_trigger_it(client_for, secretary1, alice):
    assert client_for(secretary1).get(reverse("members:reveal_id_number", args=[alice.pk])).status_code == 405
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()


def test_opening_a_member_in_the_admin_edit_form_counts_as_a_reveal(client_for, secretary1, alice):
    page = client_for(secretary1).get(reverse("admin:members_member_change", args=[alice.pk]))
    assert alice.id_number in page.content.decode()
    entry = AuditEntry.objects.get(action=Action.VIEW_ID_NUMBER)
    assert entry.details == {"via": "admin"} and entry.object_id == str(alice.pk)


def test_lists_show_the_masked_number(client_for, county_admin, alice):
    text = client_for(county_admin).get(reverse("admin:members_member_changelist")).content.decode()
    assert alice.masked_id_number in text and alice.id_number not in text
