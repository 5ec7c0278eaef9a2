"""The work lists of a member's life at their boundaries (fixed clock): 失联 timers, 应转尽转,
活动证 running out; the search log and certificate forms; query counts constant."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.certificates import expiring, issue_certificate
from members.lifecycle import change_status
from members.models import (
    ActivityCertificate,
    Category,
    CertificateStatus,
    ContactAttempt,
    Member,
    MemberStatus,
    Transition,
)
from members.worklists import LostState, lifecycle_figures, lost_due, lost_members, should_transfer
from shuangbao.models import CheckIn
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def states(today):
    return dict(lost_members(Member.objects.all(), today).values_list("name", "lost_state"))


def test_a_lost_member_is_due_for_suspension_6_months_after_and_once_searched(branch1):
    lost = MemberFactory(name="失联甲", branch=branch1, status=MemberStatus.LOST_CONTACT, status_since=D(2026, 1, 31))
    assert states(D(2026, 8, 1)) == {"失联甲": LostState.SEARCHING}  # never searched
    ContactAttempt.objects.create(member=lost, tried_on=D(2026, 2, 3), tried_by="何军", way="phone", result="停机")
    assert states(D(2026, 7, 30)) == {"失联甲": LostState.SEARCHING}
    assert states(D(2026, 7, 31)) == {"失联甲": LostState.SUSPENSION_DUE}
    assert list(lost_due(Member.objects.all(), LostState.SUSPENSION_DUE, D(2026, 7, 31))) == [lost]


def test_a_suspended_member_is_due_for_removal_after_2_years(branch1):
    MemberFactory(name="停止乙", branch=branch1, status=MemberStatus.SUSPENDED, status_since=D(2024, 3, 1))
    assert states(D(2026, 2, 28)) == {"停止乙": LostState.SUSPENDED}
    assert states(D(2026, 3, 1)) == {"停止乙": LostState.REMOVAL_DUE}


def test_should_transfer_lists_members_away_6_months_at_a_fixed_place(branch1):
    MemberFactory(name="外出满半年", branch=branch1, left_home_on=D(2026, 1, 15))
    MemberFactory(name="刚调动", branch=branch1, left_home_on=D(2020, 1, 1), branch_since=D(2026, 5, 1))
    MemberFactory(name="直管", branch=branch1, category=Category.DIRECT, left_home_on=D(2020, 1, 1))
    names = lambda today: sorted(should_transfer(Member.objects.all(), today).values_list("name", flat=True))  # noqa: E731
    assert names(D(2026, 7, 14)) == []
    assert names(D(2026, 7, 15)) == ["外出满半年"]
    assert names(D(2026, 11, 1)) == ["刚调动", "外出满半年"]


def test_a_certificate_runs_out_after_the_committees_months_and_is_listed_60_days_before(alice, committee):
    certificate = issue_certificate(
        alice, number="AR2026001", issued_by="新洲村支部", issued_on=D(2026, 1, 10), today=D(2026, 1, 10)
    )
    assert certificate.valid_until == D(2027, 1, 10)
    listed = lambda today: expiring(ActivityCertificate.objects.all(), today).exists()  # noqa: E731
    assert not listed(D(2026, 11, 10))
    assert listed(D(2026, 11, 11))
    alice.refresh_from_db()
    assert alice.activity_certificate_no == "AR2026001"
    renewed = issue_certificate(
        alice, number="AR2027001", issued_by="新洲村支部", issued_on=D(2026, 12, 1), today=D(2026, 12, 1)
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.RENEWED and renewed.status == CertificateStatus.VALID


def test_the_certificate_is_withdrawn_when_the_member_goes_home(alice):
    issue_certificate(alice, number="AR1", issued_by="新洲村支部", issued_on=D(2026, 1, 10), today=D(2026, 1, 10))
    change_status(
        alice, Transition.RETURNED_HOME, on=D(2026, 3, 1), expected_version=alice.version, today=D(2026, 3, 1)
    )
    assert ActivityCertificate.objects.get().status == CertificateStatus.WITHDRAWN


def test_a_direct_member_gets_no_certificate(branch1):
    direct = MemberFactory(branch=branch1, category=Category.DIRECT)
    with pytest.raises(ValidationError) as error:
        issue_certificate(direct, number="X1", issued_by="x", issued_on=D(2026, 1, 1), today=D(2026, 1, 1))
    assert "活动证" in error.value.message_dict["number"][0]


@pytest.mark.time_machine("2026-08-01 10:00 +0800", tick=False)
def test_a_search_before_contact_was_lost_is_refused(client_for, secretary1, branch1):
    lost = MemberFactory(branch=branch1, status=MemberStatus.LOST_CONTACT, status_since=D(2026, 3, 1))
    url = reverse("members:contact_attempt_create", args=[lost.pk])
    response = client_for(secretary1).post(
        url, {"tried_on": "2026-02-01", "tried_by": "何军", "way": "phone", "result": "停机"}
    )
    assert response.status_code == 200 and "日期先后顺序不对" in response.content.decode()
    assert not ContactAttempt.objects.exists()
    response = client_for(secretary1).post(
        url, {"tried_on": "2026-03-05", "tried_by": "何军", "way": "wechat", "result": "未回复"}
    )
    assert response.status_code == 302 and ContactAttempt.objects.get().recorded_by == secretary1


def test_the_dashboard_counts_the_lists(client_for, committee_staff, branch1):
    MemberFactory(branch=branch1, status=MemberStatus.LOST_CONTACT, status_since=D(2020, 1, 1))
    figures = client_for(committee_staff).get("/").context["lifecycle"]
    assert figures["lost"] == 1 and figures["suspension_due"] == 0 and figures == lifecycle_figures(committee_staff)


def grow(branch, count):
    for index in range(count):
        member = MemberFactory(branch=branch, status=MemberStatus.LOST_CONTACT, status_since=D(2025, 1, 1))
        ContactAttempt.objects.create(
            member=member, tried_on=D(2025, 2, 1), tried_by="书记", way="phone", result="停机"
        )
        issue_certificate(
            MemberFactory(branch=branch, left_home_on=D(2020, 1, 1)),
            number=f"C{index}",
            issued_by="村支部",
            issued_on=D(2025, 12, 20),
            today=D(2025, 12, 20),
        )


@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, scope; the count; the committee of the layout; the page of lost members
        # with their search figures
        ("members:lost_list", 6),
        # session, user, scope; the count; the committee of the layout; the page
        ("members:should_transfer_list", 6),
        # session, user, scope; the count; the committee of the layout; the page of
        # certificates with member and branch
        ("members:certificate_list", 6),
    ],
)
def test_the_lists_cost_the_same_queries_for_5_rows_and_30(
    client_for, committee_staff, branch1, django_assert_num_queries, name, queries
):
    client = client_for(committee_staff)
    grow(branch1, 5)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    grow(branch1, 25)
    with django_assert_num_queries(queries):
        page = client.get(reverse(name))
    assert len(page.context["page_obj"]) >= 20


def test_the_certificate_record_prints_its_renewals_and_the_check_ins_it_was_shown_at(
    alice, branch1, client_for, secretary1, secretary2
):
    first = issue_certificate(
        alice, number="AR1", issued_by="新洲村支部", issued_on=D(2025, 1, 10), today=D(2025, 1, 10)
    )
    for day, shown in ((D(2024, 12, 1), True), (D(2025, 3, 5), True), (D(2025, 6, 5), False), (D(2026, 2, 1), True)):
        CheckIn.objects.create(
            member=alice, branch=branch1, checked_in_on=day, way="in_person", address=f"{day}", certificate_shown=shown
        )
    renewed = issue_certificate(
        alice, number="AR2", issued_by="新洲村支部", issued_on=D(2026, 1, 10), today=D(2026, 1, 10)
    )
    page = client_for(secretary1).get(reverse("members:certificate_print", args=[first.pk])).content.decode()
    record = page[page.index('id="certificate-record"') :]
    assert "AR1" in record and "AR2" in record and "2025年1月10日" in record
    # 交验 while AR1 was the valid one: 2025-03-05 only (before its issue, not shown, or after its renewal: not).
    assert "2025.3.5" in record and "2024.12.1" not in record and "2025.6.5" not in record and "2026.2.1" not in record
    assert (
        "2026.2.1"
        in client_for(secretary1).get(reverse("members:certificate_print", args=[renewed.pk])).content.decode()
    )
    assert client_for(secretary2).get(reverse("members:certificate_print", args=[first.pk])).status_code == 404
