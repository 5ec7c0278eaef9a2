"""组织关系转接 (members.transfers): out with the letter and its receipt, in, within the county
with the receiving side's confirmation; the category changes only here."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from audit.models import Action, AuditEntry
from members.models import Category, Member, MemberStatus, Transfer, TransferStatus
from members.transfers import (
    cancel_transfer,
    confirm_transfer,
    overdue_condition,
    receive_transfer_in,
    record_receipt,
    start_transfer_out,
    start_transfer_within,
)
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory, valid_id_number

pytestmark = pytest.mark.django_db
D = datetime.date
HOME = "中共安仁县永乐江镇新洲村支部委员会"


@pytest.fixture
def carol(branch1):
    """A directly managed member of branch 1: the committee holds her relation."""
    return MemberFactory(name="陈直管", branch=branch1, category=Category.DIRECT, home_organisation=None)


MARCH_1 = D(2026, 3, 1)


def out(member, on=MARCH_1, number="粤安流转〔2026〕1号", **kwargs):
    return start_transfer_out(
        member,
        organisation=HOME,
        letter_number=number,
        issued_on=on,
        expected_version=member.version,
        today=on,
        **kwargs,
    )


def test_a_transfer_out_makes_the_file_pending_until_the_receipt(carol, committee_staff):
    transfer = out(carol, user=committee_staff)
    carol.refresh_from_db()
    assert carol.status == MemberStatus.PENDING_TRANSFER and transfer.status == TransferStatus.PENDING
    record_receipt(
        transfer, received_on=D(2026, 3, 20), receipt_note="回执已收", user=committee_staff, today=D(2026, 4, 1)
    )
    carol.refresh_from_db()
    transfer.refresh_from_db()
    assert carol.status == MemberStatus.TRANSFERRED and carol.is_read_only
    assert transfer.status == TransferStatus.DONE and transfer.completed_on == D(2026, 3, 20)
    assert list(carol.status_changes.values_list("transition", flat=True)) == ["transfer_received", "transfer_out"]
    assert Member.objects.filter(pk=carol.pk).exists()


def test_a_relation_sent_home_makes_a_mobile_member_who_stays(carol):
    transfer = out(carol, stays_as_mobile=True)
    record_receipt(transfer, received_on=D(2026, 3, 20), today=D(2026, 3, 20))
    carol.refresh_from_db()
    assert (carol.status, carol.category, carol.home_organisation_display) == (
        MemberStatus.ACTIVE,
        Category.MOBILE,
        HOME,
    )


def test_a_mobile_members_relation_is_not_the_committees_to_send(alice):
    with pytest.raises(ValidationError) as error:
        out(alice)
    assert "流动党员" in error.value.message_dict["kind"][0]
    assert not Transfer.objects.exists()


def test_a_receipt_for_a_transfer_not_pending_is_refused(carol):
    transfer = out(carol)
    record_receipt(transfer, received_on=D(2026, 3, 20), today=D(2026, 3, 20))
    with pytest.raises(ValidationError) as error:
        record_receipt(transfer, received_on=D(2026, 3, 21), today=D(2026, 3, 21))
    assert "已完成" in error.value.message_dict["completed_on"][0]


def test_a_receipt_before_the_letter_is_refused_and_nothing_is_written(carol):
    transfer = out(carol)
    with pytest.raises(ValidationError) as error:
        record_receipt(transfer, received_on=D(2026, 2, 28), today=D(2026, 3, 20))
    assert "2026-03-01" in error.value.message_dict["completed_on"][0]
    transfer.refresh_from_db()
    carol.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING and carol.status == MemberStatus.PENDING_TRANSFER


def test_a_cancelled_transfer_puts_the_member_back_on_the_roll(carol):
    transfer = out(carol)
    cancel_transfer(transfer, cancelled_on=D(2026, 3, 5), reason="接收方不接收", today=D(2026, 3, 5))
    carol.refresh_from_db()
    assert carol.status == MemberStatus.ACTIVE


def test_a_receipt_is_overdue_after_the_committees_months(carol, committee):
    out(carol, on=D(2026, 1, 10))
    overdue = lambda today: Transfer.objects.filter(overdue_condition(today)).exists()  # noqa: E731
    # Three months after 10 January is 10 April: listed from the day after.
    assert not overdue(D(2026, 4, 10))
    assert overdue(D(2026, 4, 11))
    committee.receipt_overdue_months = 6
    committee.save()
    assert not overdue(D(2026, 4, 11))


def test_a_move_between_branches_waits_for_the_receiving_side(carol, branch2, secretary1, secretary2, committee):
    transfer = start_transfer_within(
        carol, to_committee=committee, to_branch=branch2, letter_number="", issued_on=D(2026, 3, 1), today=D(2026, 3, 1)
    )
    carol.refresh_from_db()
    assert carol.branch.name == "第一党支部" and carol.status == MemberStatus.ACTIVE
    confirm_transfer(transfer, confirmed_on=D(2026, 3, 3), user=secretary2, today=D(2026, 3, 3))
    carol.refresh_from_db()
    assert (carol.branch, carol.branch_since, carol.category) == (branch2, D(2026, 3, 3), Category.DIRECT)


def test_a_move_to_the_zhejiang_committee_is_confirmed_there(carol):
    zhejiang = CommitteeFactory(name="中共安仁县驻浙江地区流动委员会", short_name="驻浙江流动党委", region="浙江省")
    huzhou = BranchFactory(committee=zhejiang, ordinal=1, name="湖州党支部", city="湖州")
    transfer = start_transfer_within(
        carol, to_committee=zhejiang, to_branch=None, letter_number="", issued_on=D(2026, 3, 1), today=D(2026, 3, 1)
    )
    with pytest.raises(ValidationError):
        confirm_transfer(transfer, confirmed_on=D(2026, 3, 2), today=D(2026, 3, 2))  # no branch chosen
    confirm_transfer(transfer, confirmed_on=D(2026, 3, 2), branch=huzhou, today=D(2026, 3, 2))
    carol.refresh_from_db()
    assert carol.branch == huzhou


def test_a_transfer_in_makes_a_mobile_member_directly_managed(alice):
    receive_transfer_in(
        alice,
        organisation=HOME,
        letter_number="安组转〔2026〕8号",
        issued_on=D(2026, 2, 1),
        received_on=D(2026, 2, 10),
        expected_version=alice.version,
        today=D(2026, 2, 10),
    )
    alice.refresh_from_db()
    assert (alice.category, alice.status) == (Category.DIRECT, MemberStatus.ACTIVE)
    assert alice.transfers.get().organisation == HOME


def test_a_transfer_in_reopens_a_file_transferred_out(branch1):
    gone = MemberFactory(branch=branch1, category=Category.DIRECT, status=MemberStatus.TRANSFERRED)
    receive_transfer_in(
        gone,
        organisation="中共东莞市长安镇委员会",
        letter_number="长组转1号",
        issued_on=D(2026, 2, 1),
        received_on=D(2026, 2, 10),
        expected_version=gone.version,
        today=D(2026, 2, 10),
    )
    gone.refresh_from_db()
    assert gone.status == MemberStatus.ACTIVE


# --- pages -------------------------------------------------------------------------------


@pytest.mark.time_machine("2026-03-20 10:00 +0800", tick=False)
def test_committee_staff_issue_the_letter_print_it_and_record_the_receipt(client_for, committee_staff, carol):
    client = client_for(committee_staff)
    response = client.post(
        reverse("members:transfer_out", args=[carol.pk]),
        {
            "kind": "out",
            "organisation": HOME,
            "letter_number": "粤安流转〔2026〕9号",
            "issued_on": "2026-03-18",
            "version": carol.version,
        },
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response.url == reverse("members:transfer_detail", args=[transfer.pk])
    letter = client.get(reverse("members:transfer_letter", args=[transfer.pk])).content.decode()
    assert "中国共产党党员组织关系介绍信" in letter and "回　执" in letter and "粤安流转〔2026〕9号" in letter
    assert carol.id_number in letter  # committee staff keep the files: the full number, logged
    docx = client.get(reverse("members:transfer_docx", args=[transfer.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert HOME in text and "特此回复" in text
    assert AuditEntry.objects.filter(action=Action.EXPORT, details__what="transfer letter").count() == 2
    response = client.post(reverse("members:transfer_receipt", args=[transfer.pk]), {"completed_on": "2026-03-20"})
    carol.refresh_from_db()
    assert carol.status == MemberStatus.TRANSFERRED


def test_a_secretary_does_not_start_transfers_and_another_branch_gets_a_404(client_for, secretary1, secretary2, carol):
    assert client_for(secretary1).get(reverse("members:transfer_out", args=[carol.pk])).status_code == 403
    transfer = out(carol, on=D(2026, 1, 5))
    assert client_for(secretary2).get(reverse("members:transfer_detail", args=[transfer.pk])).status_code == 404


def test_the_overdue_list_names_the_late_receipts(client_for, committee_staff, carol, branch1):
    late = MemberFactory(name="晚回执", branch=branch1, category=Category.DIRECT)
    out(late, on=D(2020, 1, 5), number="旧1号")
    out(carol, number="新1号", on=timezone.localdate())
    page = client_for(committee_staff).get(reverse("members:transfer_list"), {"overdue": "1"})
    assert [t.member.name for t in page.context["page_obj"]] == ["晚回执"]


def test_the_edit_of_a_closed_file_and_a_receipt_with_a_bad_date_say_why(client_for, committee_staff, carol):
    transfer = out(carol, on=D(2026, 1, 5))
    response = client_for(committee_staff).post(
        reverse("members:transfer_receipt", args=[transfer.pk]), {"completed_on": "2025-12-31"}, follow=True
    )
    assert "日期先后顺序不对" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def new_member_form(branch, *, id_number=None, **letter):
    born = D(1990, 6, 1)
    return {
        "name": "郑转入",
        "gender": "male",
        "ethnicity": "汉族",
        "birth_date": f"{born:%Y-%m-%d}",
        "id_number": id_number or valid_id_number(born),
        "phone": "13912345678",
        "branch": branch.pk,
        "joined_party_on": "2012-07-01",
        "full_member_on": "2013-07-01",
        "letter-organisation": "中共郴州市北湖区燕泉街道某社区支部委员会",
        "letter-letter_number": "北组转〔2026〕15号",
        "letter-issued_on": "2026-02-01",
        "letter-completed_on": "2026-02-10",
    } | {f"letter-{key}": value for key, value in letter.items()}


@pytest.mark.time_machine("2026-03-02 10:00 +0800", tick=False)
def test_a_new_member_transferred_in_gets_a_file_with_the_letter_in_one_step(client_for, committee_staff, branch1):
    response = client_for(committee_staff).post(reverse("members:transfer_in_new"), new_member_form(branch1))
    assert response.status_code == 302
    member = Member.objects.get(name="郑转入")
    assert (member.category, member.status, member.branch) == (Category.DIRECT, MemberStatus.ACTIVE, branch1)
    transfer = member.transfers.get()
    assert (transfer.kind, transfer.status, transfer.letter_number) == ("in", TransferStatus.DONE, "北组转〔2026〕15号")
    assert response.url == reverse("members:transfer_detail", args=[transfer.pk])
    step = member.status_changes.get()
    assert step.transition == "transfer_in" and "北组转〔2026〕15号" in step.decision


@pytest.mark.time_machine("2026-03-02 10:00 +0800", tick=False)
def test_a_new_members_transfer_in_with_a_bad_letter_or_a_known_id_number_writes_nothing(
    client_for, committee_staff, branch1, alice
):
    client = client_for(committee_staff)
    early = client.post(reverse("members:transfer_in_new"), new_member_form(branch1, completed_on="2026-01-20"))
    assert early.status_code == 200 and "早于" in early.content.decode()
    known = client.post(reverse("members:transfer_in_new"), new_member_form(branch1, id_number=alice.id_number))
    assert known.status_code == 200 and "该公民身份号码的党员档案已存在" in known.content.decode()
    assert not Member.objects.filter(name="郑转入").exists() and not Transfer.objects.exists()


def test_a_secretary_does_not_transfer_in_new_members(client_for, secretary1):
    assert client_for(secretary1).get(reverse("members:transfer_in_new")).status_code == 403
