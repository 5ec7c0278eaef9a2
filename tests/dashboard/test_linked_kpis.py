"""The dashboard's 双报 and 三会一课 cards: figures from their areas' own functions, scoped."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import ComplianceRule, Frequency, MeetingKind
from shuangbao.models import CheckIn, CheckInWay
from tests.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_the_check_in_rate_counts_mobile_members_of_the_users_branches(client_for, secretary1, alice, bob, branch1):
    MemberFactory(branch=branch1, name="未报到的")
    CheckIn.objects.create(member=alice, branch=branch1, checked_in_on=datetime.date(2016, 1, 5), way=CheckInWay.ONLINE)
    response = client_for(secretary1).get("/")
    rates = response.context["shuangbao"]["check_ins"]
    assert (rates.checked_in, rates.members) == (1, 2)
    assert 'data-kpi="check_in_rate"' in response.content.decode()
    assert "50.0%" in response.content.decode()


def test_the_compliance_card_counts_branches_on_track_this_quarter(
    client_for, committee_staff, committee, branch1, branch2
):
    today = timezone.localdate()
    ComplianceRule.objects.create(committee=committee, kind=MeetingKind.LECTURE, frequency=Frequency.QUARTERLY)
    MeetingFactory(branch=branch1, kind=MeetingKind.LECTURE, held_on=today)
    compliance = client_for(committee_staff).get("/").context["compliance"]
    assert compliance["branches"] == 2
    assert compliance["met"] == 1
    assert compliance["display"] == "1 / 2"
    assert compliance["met"] + compliance["pending"] + compliance["missed"] == 2


def test_the_compliance_chart_counts_each_branchs_months(client_for, secretary1, committee, branch1, branch2):
    from dashboard.tables import meeting_compliance_by_branch

    today = timezone.localdate()
    ComplianceRule.objects.create(committee=committee, kind=MeetingKind.THEMED_DAY, frequency=Frequency.MONTHLY)
    MeetingFactory(branch=branch1, kind=MeetingKind.THEMED_DAY, held_on=today.replace(day=1))
    table = meeting_compliance_by_branch(secretary1, today)
    assert [row.label for row in table.rows] == ["第一党支部"]
    met, missed, due = table.rows[0].values
    assert met >= 1 and met + missed + due <= today.month
    response = client_for(secretary1).get("/statistics/charts/meeting-compliance/")
    assert response.status_code == 200 and "达标月数" in response.content.decode()
