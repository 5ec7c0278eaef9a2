"""Batch work on the member list: ticked rows or every member the filter matches; status changes
through the same function as one at a time, all or nothing; the export of a selection; back to
the list as it was filtered after saving."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from members.models import Member, MemberStatus
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def status_batch(client, *, ids=(), all_matching=False, query="", status=MemberStatus.LOST_CONTACT):
    data = {
        "action": "status",
        "confirm": "1",
        "ids": [str(pk) for pk in ids],
        "query": query,
        "status": status,
        "changed_on": f"{timezone.localdate():%Y-%m-%d}",
        "reason": "电话停机，联系不上",
    }
    if all_matching:
        data["all"] = "1"
    return client.post(reverse("members:batch"), data)


@pytest.fixture
def roster(branch1, branch2):
    return {
        "branch1": MemberFactory.create_batch(4, branch=branch1, work_city="东莞"),
        "branch2": MemberFactory.create_batch(2, branch=branch2, work_city="深圳"),
    }


def test_three_ticked_members_change_status_in_one_batch_each_with_its_history(client_for, committee_staff, roster):
    chosen = roster["branch1"][:3]
    client = client_for(committee_staff)
    client.get(reverse("members:list") + "?work_city=东莞")
    response = status_batch(client, ids=[member.pk for member in chosen])
    assert response.status_code == 302 and response.url == reverse("members:list") + "?work_city=%E4%B8%9C%E8%8E%9E"
    for member in chosen:
        member.refresh_from_db()
        assert (member.status, member.version) == (MemberStatus.LOST_CONTACT, 2)
        last = member.history.first()
        assert last.history_user == committee_staff and "电话停机" in last.history_change_reason
    assert Member.objects.filter(status=MemberStatus.ACTIVE).count() == 3
    page = client.get(response.url).content.decode()
    assert "3 名党员的状态已变更为失联" in page


def test_every_member_the_filter_matches_within_the_users_scope(client_for, secretary1, roster):
    response = status_batch(client_for(secretary1), all_matching=True, query="work_city=东莞")
    assert response.status_code == 302
    assert set(Member.objects.filter(status=MemberStatus.LOST_CONTACT)) == set(roster["branch1"])


def test_another_branchs_members_are_not_selected_by_a_forged_id(client_for, secretary2, roster):
    status_batch(client_for(secretary2), ids=[member.pk for member in roster["branch1"]])
    assert not Member.objects.filter(status=MemberStatus.LOST_CONTACT).exists()


def test_the_auditor_changes_nothing(client_for, auditor, roster):
    assert status_batch(client_for(auditor), ids=[roster["branch1"][0].pk]).status_code == 403
    assert not Member.objects.filter(status=MemberStatus.LOST_CONTACT).exists()


def test_one_refusal_and_nothing_is_written_and_every_refusal_is_named(client_for, committee_staff, roster):
    first, second, third = roster["branch1"][:3]
    Member.objects.filter(pk=second.pk).update(status=MemberStatus.LOST_CONTACT)
    response = status_batch(client_for(committee_staff), ids=[first.pk, second.pk, third.pk])
    assert response.status_code == 200
    text = response.content.decode()
    assert "未作任何修改" in text and f"{second.name}</a>" in text and "已是失联" in text
    first.refresh_from_db()
    assert (first.status, first.version) == (MemberStatus.ACTIVE, 1)
    assert first.history.count() == 1


def test_a_bad_date_is_refused_with_the_forms_message(client_for, committee_staff, roster):
    client = client_for(committee_staff)
    data = {"action": "status", "confirm": "1", "ids": [roster["branch1"][0].pk], "status": "lost_contact"}
    response = client.post(reverse("members:batch"), data | {"changed_on": "2999-01-01", "reason": "x"})
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    assert not Member.objects.filter(status=MemberStatus.LOST_CONTACT).exists()


def test_the_export_of_a_selection_holds_the_selected_members_only_and_is_logged(client_for, secretary1, roster):
    chosen = roster["branch1"][:2]
    response = client_for(secretary1).post(
        reverse("members:batch"), {"action": "export", "ids": [member.pk for member in chosen]}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {sheet.cell(row=row, column=2).value for row in range(3, sheet.max_row + 1)}
    assert names == {member.name for member in chosen}
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.details["rows"] == 2


def test_nothing_ticked_goes_back_to_the_list_with_a_message(client_for, committee_staff, roster):
    client = client_for(committee_staff)
    response = client.post(reverse("members:batch"), {"action": "status"}, follow=True)
    assert "请先勾选党员" in response.content.decode()


def test_after_saving_a_file_opened_from_the_list_the_list_comes_back_as_filtered(client_for, committee_staff, roster):
    member = roster["branch1"][0]
    client = client_for(committee_staff)
    client.get(reverse("members:list") + "?work_city=东莞&page=1&per_page=50")
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "per_page=50" in page  # the breadcrumb and the back button
    form = client.get(reverse("members:edit", args=[member.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"employer": "佛山某厂", "version": member.version}
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("members:list") + "?work_city=%E4%B8%9C%E8%8E%9E&page=1&per_page=50"


def test_the_roster_print_view_holds_the_filtered_members_of_the_scope_and_is_logged(client_for, secretary1, roster):
    page = client_for(secretary1).get(reverse("members:roster_print") + "?work_city=东莞")
    text = page.content.decode()
    assert all(member.name in text for member in roster["branch1"])
    assert not any(member.name in text for member in roster["branch2"])
    assert roster["branch1"][0].masked_id_number in text and roster["branch1"][0].id_number not in text
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.details["what"] == "member roster print" and entry.details["rows"] == 4


def test_the_batch_offers_only_the_statuses_a_batch_may_set(client_for, committee_staff, roster):
    """除名 and 出党 need their approving organisation, one member at a time; 待接收 and 转出
    come from the transfer pages. None of them is offered, and a forged one is refused."""
    client = client_for(committee_staff)
    ids = [str(member.pk) for member in roster["branch1"][:2]]
    form = client.post(reverse("members:batch"), {"action": "status", "ids": ids}).context["form"]
    offered = [value for value, _label in form.fields["status"].choices]
    assert set(offered) == {"active", "lost_contact", "suspended", "returned", "deceased"}
    response = status_batch(client, ids=[member.pk for member in roster["branch1"]], status=MemberStatus.REMOVED)
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Member.objects.filter(status=MemberStatus.REMOVED).exists()
