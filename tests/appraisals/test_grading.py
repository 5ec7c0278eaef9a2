"""民主评议党员: the grades, the one-third rule, 预备党员, the result sent home, 组织处置."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from appraisals.models import Appraisal, Disposal
from appraisals.rules import excellent_limit
from appraisals.services import grade_members, record_disposal
from meetings.models import Meeting
from tests.factories import MemberFactory

HELD = datetime.date(2026, 12, 5)
APPROVED = {"decision": "2026年12月10日支部党员大会", "approved_by": "安仁县驻广东流动党委"}


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel("2026-12-10 10:00 +0800", tick=False):
        yield


@pytest.fixture
def meeting(branch1):
    return Meeting.objects.create(branch=branch1, kind="appraisal", held_on=HELD, topic="2026年度民主评议党员")


@pytest.fixture
def nine(branch1, xinzhou):
    return [MemberFactory(name=f"党员{index}", branch=branch1, home_organisation=xinzhou) for index in range(9)]


def test_excellent_is_at_most_a_third_of_those_graded():
    assert [excellent_limit(n) for n in (0, 2, 3, 8, 9, 10)] == [0, 0, 1, 2, 3, 3]


def test_three_of_nine_excellent_is_allowed(branch1, meeting, nine):
    grades = {m.pk: "excellent" if i < 3 else "qualified" for i, m in enumerate(nine)}
    assert len(grade_members(branch1, 2026, meeting, grades)) == 9


def test_four_of_nine_excellent_is_refused_with_the_count_and_nothing_is_written(branch1, meeting, nine):
    grades = {m.pk: "excellent" if i < 4 else "qualified" for i, m in enumerate(nine)}
    with pytest.raises(ValidationError) as refused:
        grade_members(branch1, 2026, meeting, grades)
    assert "评定为“优秀”的有 4 人，超过 2026 年度参评 9 人的三分之一（最多 3 人）" in " ".join(refused.value.messages)
    assert not Appraisal.objects.exists()


def test_those_graded_earlier_in_the_year_count_towards_the_third(branch1, meeting, nine):
    grade_members(branch1, 2026, meeting, {nine[0].pk: "excellent", nine[1].pk: "qualified", nine[2].pk: "qualified"})
    with pytest.raises(ValidationError):
        grade_members(branch1, 2026, meeting, {nine[3].pk: "excellent", nine[4].pk: "qualified"})
    grade_members(branch1, 2026, meeting, {m.pk: "qualified" for m in nine[3:6]})
    grade_members(branch1, 2026, meeting, {nine[6].pk: "excellent"})  # 2 of 7


def test_a_probationary_member_is_not_graded(branch1, meeting):
    probationary = MemberFactory(
        name="预备甲", branch=branch1, full_member_on=None, joined_party_on=datetime.date(2026, 3, 1)
    )
    with pytest.raises(ValidationError, match="预备党员"):
        grade_members(branch1, 2026, meeting, {probationary.pk: "qualified"})
    # Full on the 6th, after the meeting: still probationary when graded.
    late = MemberFactory(name="预备乙", branch=branch1, full_member_on=datetime.date(2026, 12, 6))
    with pytest.raises(ValidationError, match="预备党员"):
        grade_members(branch1, 2026, meeting, {late.pk: "qualified"})
    assert not Appraisal.objects.exists()


def test_a_member_of_another_branch_or_a_meeting_of_another_year_is_refused(branch1, branch2, meeting, nine):
    other = MemberFactory(branch=branch2)
    with pytest.raises(ValidationError, match="不在本支部名册"):
        grade_members(branch1, 2026, meeting, {other.pk: "qualified"})
    with pytest.raises(ValidationError, match="不在 2025 年"):
        grade_members(branch1, 2025, meeting, {nine[0].pk: "qualified"})
    themed = Meeting.objects.create(branch=branch1, kind="themed_day", held_on=HELD, topic="主题党日")
    with pytest.raises(ValidationError, match="组织生活会"):
        grade_members(branch1, 2026, themed, {nine[0].pk: "qualified"})


def test_a_mobile_member_is_graded_where_he_works_and_his_village_reads_the_result(
    branch1, meeting, nine, village_secretary, secretary2
):
    grade_members(branch1, 2026, meeting, {nine[0].pk: "qualified"})
    appraisal = Appraisal.objects.get()
    assert appraisal.home_organisation == nine[0].home_organisation
    assert list(Appraisal.objects.visible_to(village_secretary)) == [appraisal]
    assert list(Appraisal.objects.visible_to(secretary2)) == []


def test_unqualified_opens_the_disposal_steps_in_the_order_of_the_constitution(branch1, meeting, nine):
    (appraisal,) = grade_members(branch1, 2026, meeting, {nine[0].pk: "unqualified"})
    decided = datetime.date(2026, 12, 8)
    with pytest.raises(ValidationError):  # 限期改正 comes first
        record_disposal(appraisal, "persuade", decided)
    with pytest.raises(ValidationError):  # and needs the time it gives
        record_disposal(appraisal, "correction", decided)
    record_disposal(appraisal, "correction", decided, deadline=datetime.date(2026, 12, 9))
    with time_machine.travel("2026-12-09 10:00 +0800", tick=False), pytest.raises(ValidationError, match="期满前"):
        record_disposal(appraisal, "persuade", datetime.date(2026, 12, 9), **APPROVED)
    record_disposal(appraisal, "persuade", datetime.date(2026, 12, 10), **APPROVED)
    record_disposal(appraisal, "removal", datetime.date(2026, 12, 10), **APPROVED)
    with pytest.raises(ValidationError):
        record_disposal(appraisal, "corrected", datetime.date(2026, 12, 10))
    assert list(Disposal.objects.values_list("kind", flat=True)) == ["correction", "persuade", "removal"]


def test_a_qualified_member_has_no_disposal(branch1, meeting, nine):
    (appraisal,) = grade_members(branch1, 2026, meeting, {nine[0].pk: "qualified"})
    with pytest.raises(ValidationError):
        record_disposal(appraisal, "correction", HELD, deadline=datetime.date(2027, 3, 1))


def test_the_page_grades_and_refuses_over_the_third_in_chinese(client, secretary1, branch1, meeting, nine):
    client.force_login(secretary1)
    data = (
        {"meeting": meeting.pk}
        | {f"grade-{m.pk}": "excellent" for m in nine[:2]}
        | {f"grade-{nine[2].pk}": "qualified"}
    )
    response = client.post(f"/appraisals/branches/{branch1.pk}/grade/?year=2026", data, follow=True)
    assert "最多 1 人" in response.content.decode()
    assert not Appraisal.objects.exists()
    data[f"grade-{nine[1].pk}"] = "qualified"
    response = client.post(f"/appraisals/branches/{branch1.pk}/grade/?year=2026", data, follow=True)
    assert Appraisal.objects.count() == 3
    board = client.get("/appraisals/?year=2026").content.decode()
    assert f'data-branch="{branch1.pk}"' in board


def test_a_branch_secretary_cannot_grade_another_branch(client, secretary2, branch1, meeting, nine):
    client.force_login(secretary2)
    response = client.post(
        f"/appraisals/branches/{branch1.pk}/grade/", {"meeting": meeting.pk, f"grade-{nine[0].pk}": "qualified"}
    )
    assert response.status_code == 404
    assert not Appraisal.objects.exists()
