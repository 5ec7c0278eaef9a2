"""The village side of 组织关系转接, its members' dues on the member page, and the xlsx export."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from dues.months import month_index
from dues.services import record_payment, set_base
from members.models import Category, MemberStatus, Transfer, TransferStatus
from members.transfers import start_transfer_out
from tests.factories import MemberFactory, Role, user_with_role

pytestmark = pytest.mark.django_db
MARCH_1 = datetime.date(2026, 3, 1)


@pytest.fixture
def letter(branch1, xinzhou, committee_staff):
    """Branch 1 sends a directly managed member's relation home to 新洲村 (the letter names
    the village in its own words: matched to the county's list)."""
    carol = MemberFactory(name="陈直管", branch=branch1, category=Category.DIRECT, home_organisation=None)
    return start_transfer_out(
        carol,
        organisation="永乐江镇新洲村党支部",
        letter_number="粤安流转〔2026〕7号",
        issued_on=MARCH_1,
        expected_version=carol.version,
        user=committee_staff,
        today=MARCH_1,
    )


def test_a_letter_naming_a_village_is_addressed_to_it(letter, xinzhou):
    assert letter.to_home == xinzhou


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_the_village_records_the_receipt_and_the_branch_sees_it(letter, client_for, village_secretary, committee_staff):
    client = client_for(village_secretary)
    page = client.get(reverse("village:transfer_list")).content.decode()
    assert "陈直管" in page and "粤安流转〔2026〕7号" in page
    assert 'data-figure="transfers">1<' in client.get(reverse("village:home")).content.decode()
    response = client.post(
        reverse("village:transfer_receipt", args=[letter.pk]), {"received_on": "2026-03-18", "note": "组织关系已到村"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.completed_on, letter.receipt_note) == (
        TransferStatus.DONE,
        datetime.date(2026, 3, 18),
        "组织关系已到村",
    )
    assert letter.completed_by == village_secretary
    letter.member.refresh_from_db()
    assert letter.member.status == MemberStatus.TRANSFERRED
    assert "陈直管" in client.get(reverse("village:transfer_list") + "?state=done").content.decode()
    # The sending branch's page shows the receipt.
    detail = client_for(committee_staff).get(reverse("members:transfer_detail", args=[letter.pk])).content.decode()
    assert "组织关系已到村" in detail and "2026-03-18" in detail


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_another_village_gets_a_404_and_a_bad_date_writes_nothing(letter, client_for, zhangmu, village_secretary):
    other = user_with_role("zhangmu", Role.HOME_SECRETARY, home_organisation=zhangmu)
    url = reverse("village:transfer_receipt", args=[letter.pk])
    assert client_for(other).post(url, {"received_on": "2026-03-18"}).status_code == 404
    assert "陈直管" not in client_for(other).get(reverse("village:transfer_list")).content.decode()
    client = client_for(village_secretary)
    client.post(url, {"received_on": "2026-02-01"})  # before the letter
    letter.refresh_from_db()
    assert letter.status == TransferStatus.PENDING
    assert "介绍信" in client.get(reverse("village:transfer_list")).content.decode()


@time_machine.travel("2026-05-20 10:00 +0800", tick=False)
def test_the_village_sees_its_members_dues(client_for, village_secretary, villagers, committee):
    member = villagers["guangdong"]
    committee.dues_collector = "inflow"
    committee.save()
    set_base(member, kind="in_work", income=Decimal(4000), from_month=month_index(2026, 1))
    record_payment(
        member, month_count=1, amount=Decimal(40), paid_on=datetime.date(2026, 5, 1), way="cash", collected_by="周书记"
    )
    page = client_for(village_secretary).get(reverse("village:member_detail", args=[member.pk])).content.decode()
    # Paid up to January; February to April are over: three months behind.
    assert 'data-dues="paid_through">2026年1月<' in page and 'data-dues="behind">3<' in page
    assert "流入地党支部收缴" in page


def test_the_export_lists_the_villages_members_masked(client_for, village_secretary, villagers):
    response = client_for(village_secretary).get(reverse("village:member_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    for key in ("guangdong", "shenzhen", "zhejiang"):
        assert villagers[key].name in values and villagers[key].masked_id_number in values
        assert villagers[key].id_number not in values
    assert villagers["other_village"].name not in values
    assert Transfer.objects.count() == 0


def _letters(branch, count, start):
    for index in range(start, start + count):
        member = MemberFactory(name=f"直管{index}", branch=branch, category=Category.DIRECT, home_organisation=None)
        start_transfer_out(
            member,
            organisation="中共安仁县永乐江镇新洲村支部委员会",
            letter_number=f"粤安流转〔2026〕{index}号",
            issued_on=MARCH_1,
            expected_version=member.version,
            today=MARCH_1,
        )


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_the_letters_list_takes_constant_queries(client_for, village_secretary, branch1, branch2, xinzhou):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(village_secretary)
    _letters(branch1, 2, 100)
    client.get(reverse("village:transfer_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("village:transfer_list"))
    _letters(branch1, 10, 200)
    _letters(branch2, 10, 300)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("village:transfer_list")).content.decode()
    assert page.count("data-receipt=") == 20  # a page of the 22
    assert len(many) == len(few)
