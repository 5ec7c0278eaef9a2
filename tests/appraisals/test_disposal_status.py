"""不合格 → 除名 goes through the member's life (members.lifecycle): the file's status and
its history change with the step, by the lifecycle's rules, or nothing is written."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from appraisals.models import Disposal
from appraisals.services import grade_members, record_disposal
from meetings.models import Meeting
from members.models import MemberStatus, StatusChange
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
HELD = datetime.date(2026, 12, 5)
APPROVED = {"decision": "2026年12月20日支部党员大会", "approved_by": "安仁县驻广东流动党委"}


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        yield


@pytest.fixture
def unqualified(branch1):
    """A member graded 不合格 on 5 December, given until 15 December to correct."""
    meeting = Meeting.objects.create(branch=branch1, kind="appraisal", held_on=HELD, topic="2026年度民主评议党员")
    member = MemberFactory(name="赵不合", branch=branch1, status_since=datetime.date(2015, 3, 1))
    (appraisal,) = grade_members(branch1, 2026, meeting, {member.pk: "unqualified"})
    record_disposal(appraisal, "correction", datetime.date(2026, 12, 6), deadline=datetime.date(2026, 12, 15))
    return appraisal


def test_removal_ends_the_membership_through_the_lifecycle(unqualified):
    disposal = record_disposal(unqualified, "removal", datetime.date(2026, 12, 20), **APPROVED)
    member = unqualified.member
    member.refresh_from_db()
    assert member.status == MemberStatus.REMOVED and member.status_since == datetime.date(2026, 12, 20)
    change = StatusChange.objects.get(member=member)
    assert disposal.status_change == change
    assert (change.transition, change.from_status, change.to_status) == ("removed", "active", "removed")
    assert change.decision == APPROVED["decision"] and change.approved_by == APPROVED["approved_by"]
    assert "2026年民主评议不合格" in change.note


@pytest.mark.parametrize(("missing", "message"), [("decision", "支部大会"), ("approved_by", "上级党组织")])
def test_removal_without_the_meeting_or_the_approval_is_refused(unqualified, missing, message):
    with pytest.raises(ValidationError, match=message):
        record_disposal(unqualified, "removal", datetime.date(2026, 12, 20), **(APPROVED | {missing: ""}))
    unqualified.member.refresh_from_db()
    assert unqualified.member.status == MemberStatus.ACTIVE
    assert not StatusChange.objects.exists() and Disposal.objects.count() == 1


def test_a_member_no_longer_on_the_roll_is_not_removed_again(unqualified):
    """The lifecycle's rule decides: a member who has died is not 除名 (nothing written)."""
    member = unqualified.member
    member.status = MemberStatus.DECEASED
    member.save()
    with pytest.raises(ValidationError, match="不允许"):
        record_disposal(unqualified, "removal", datetime.date(2026, 12, 20), **APPROVED)
    assert Disposal.objects.count() == 1 and not StatusChange.objects.exists()


def test_the_board_records_the_removal_and_the_file_shows_it(client_for, secretary1, unqualified):
    client = client_for(secretary1)
    prefix = f"d{unqualified.member_id}"
    data = {f"{prefix}-kind": "removal", f"{prefix}-decided_on": "2026-12-20"}
    client.post(reverse("appraisals:disposal_create", args=[unqualified.pk]), data)
    assert Disposal.objects.count() == 1  # refused: no meeting, no approval
    data |= {f"{prefix}-decision": APPROVED["decision"], f"{prefix}-approved_by": APPROVED["approved_by"]}
    response = client.post(reverse("appraisals:disposal_create", args=[unqualified.pk]), data)
    assert response.status_code == 302 and Disposal.objects.count() == 2
    unqualified.member.refresh_from_db()
    assert unqualified.member.status == MemberStatus.REMOVED
    file = client.get(reverse("members:detail", args=[unqualified.member_id])).content.decode()
    assert "除名" in file and APPROVED["approved_by"] in file
