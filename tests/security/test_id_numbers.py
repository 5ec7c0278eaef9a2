import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

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
        "birth_date": f"{alice.birth_date:%Y-%m-%d}",
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
    page = client.get(reverse("members:detail", args=[alice.pk])).content.decode()
    assert alice.id_number not in page and alice.masked_id_number in page
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()


def test_a_reveal_is_a_post_so_no_link_or_prefetch_can_trigger_it(client_for, secretary1, alice):
    assert client_for(secretary1).get(reverse("members:reveal_id_number", args=[alice.pk])).status_code == 405
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()


def test_opening_a_member_in_the_admin_edit_form_counts_as_a_reveal(client_for, county_admin, alice):
    page = client_for(county_admin).get(reverse("admin:members_member_change", args=[alice.pk]))
    assert alice.id_number in page.content.decode()
    entry = AuditEntry.objects.get(action=Action.VIEW_ID_NUMBER)
    assert entry.details == {"via": "admin"} and entry.object_id == str(alice.pk)


def test_lists_show_the_masked_number(client_for, county_admin, alice):
    text = client_for(county_admin).get(reverse("admin:members_member_changelist")).content.decode()
    assert alice.masked_id_number in text and alice.id_number not in text


# GB 11643's check digit, written out here rather than taken from members.id_number.
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _check(first17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def candidates(masked, year):
    """Every real number that the masked form and the birth year leave possible."""
    area, tail = masked[:6], masked[-4:]
    day, found = datetime.date(year, 1, 1), []
    while day.year == year:
        first17 = f"{area}{day:%Y%m%d}{tail[:3]}"
        if _check(first17) == tail[3]:
            found.append(first17 + tail[3])
        day += datetime.timedelta(days=1)
    return found


def test_nothing_in_the_auditors_export_pins_a_number_down(client_for, auditor, branch1):
    """The finding: masked numbers beside full birth dates rebuilt to all 588 full numbers."""
    from tests.factories import MemberFactory

    members = MemberFactory.create_batch(40, branch=branch1)
    sheet = load_workbook(io.BytesIO(client_for(auditor).get("/members/export/").content)).active
    header = [cell.value for cell in sheet[2]]
    name_col, year_col, id_col = header.index("姓名"), header.index("出生年份"), header.index("公民身份号码")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 40
    # By name (the factory's are unique): two of 40 random numbers may share a masked form.
    by_name = {member.name: member for member in members}
    for row in rows:
        member = by_name[row[name_col]]
        possible = candidates(row[id_col], int(row[year_col].rstrip("年")))
        assert member.id_number in possible and len(possible) > 1


def test_a_search_by_more_than_the_last_four_characters_needs_the_right_and_is_logged(
    client_for, auditor, secretary1, alice
):
    def found(client, q):
        return alice.name in client.get("/members/", {"q": q}).content.decode()

    reader = client_for(auditor)
    assert found(reader, alice.id_number[-4:])  # what the masked form shows anyone
    assert not found(reader, alice.id_number) and not found(reader, alice.id_number[-5:])
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()
    keeper = client_for(secretary1)
    assert found(keeper, alice.id_number)
    entry = AuditEntry.objects.get(action=Action.VIEW_ID_NUMBER)
    assert entry.details == {"via": "search", "what": alice.id_number[-4:]}
    assert alice.id_number not in str(entry.details)


def test_the_print_card_and_the_edit_form_with_a_full_number_are_logged_views(client_for, secretary1, alice):
    client = client_for(secretary1)
    card = client.get(reverse("members:print", args=[alice.pk])).content.decode()
    assert alice.id_number in card
    form = client.get(reverse("members:edit", args=[alice.pk])).content.decode()
    assert alice.id_number in form
    vias = sorted(AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).values_list("details__via", flat=True))
    assert vias == ["edit", "print"]


def test_the_print_card_of_a_reader_is_masked_with_the_birth_year(client_for, auditor, alice):
    card = client_for(auditor).get(reverse("members:print", args=[alice.pk])).content.decode()
    assert alice.id_number not in card and alice.masked_id_number in card
    assert f"{alice.birth_date.year}年" in card and f"{alice.birth_date.month}月{alice.birth_date.day}日" not in card
    assert not AuditEntry.objects.filter(action=Action.VIEW_ID_NUMBER).exists()
