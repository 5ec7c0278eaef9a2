"""流动党委设置: the committee's staff and the county keep its settings on a page (issue 14)."""

import pytest
from django.urls import reverse

from branches.models import Committee

pytestmark = pytest.mark.django_db

DEFAULTS = {
    "office_address": "东莞市长安镇",
    "report_cycle": "quarterly",
    "check_in_grace_days": 30,
    "receipt_overdue_months": 3,
    "certificate_validity_months": 12,
    "dues_collector": "home",
    "general_quorum_percent": 50,
    "election_quorum_percent": 80,
    "branch_term_years": 3,
    "renewal_notice_months": 6,
    "term_years": 5,
}


def test_committee_staff_change_a_setting_and_the_change_is_kept_with_who(client_for, committee_staff, committee):
    client = client_for(committee_staff)
    url = reverse("dashboard:committee_settings", args=[committee.pk])
    assert url in client.get(reverse("dashboard:branch_list")).content.decode()
    page = client.get(url).content.decode()
    assert "流动党委设置" in page and "报告周期" in page
    assert 'name="name"' not in page  # the committee's name is the county's to change
    response = client.post(url, DEFAULTS | {"report_cycle": "monthly", "name": "改名企图"})
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.report_cycle == "monthly" and committee.name != "改名企图"
    assert committee.history.latest().history_user == committee_staff


def test_a_report_cycle_that_is_not_one_of_the_choices_is_refused(client_for, committee_staff, committee):
    client = client_for(committee_staff)
    before = Committee.objects.values().get(pk=committee.pk)
    response = client.post(
        reverse("dashboard:committee_settings", args=[committee.pk]), DEFAULTS | {"report_cycle": "weekly"}
    )
    assert response.status_code == 200
    assert "weekly" in response.context["form"].errors["report_cycle"][0]
    assert Committee.objects.values().get(pk=committee.pk) == before


def test_the_county_also_renames_and_a_secretary_is_refused(client_for, county_admin, secretary1, committee):
    url = reverse("dashboard:committee_settings", args=[committee.pk])
    assert 'name="name"' in client_for(county_admin).get(url).content.decode()
    assert client_for(secretary1).get(url).status_code == 403
    assert client_for(secretary1).post(url, DEFAULTS | {"report_cycle": "monthly"}).status_code == 403
    committee.refresh_from_db()
    assert committee.report_cycle == "quarterly"


@pytest.mark.parametrize(
    ("field", "value", "kept"),
    [
        ("check_in_grace_days", -1, 30),
        ("check_in_grace_days", 181, 30),
        ("check_in_grace_days", 180, 180),
        ("check_in_grace_days", 0, 0),
        ("receipt_overdue_months", 0, 3),
        ("receipt_overdue_months", 13, 3),
        ("certificate_validity_months", 61, 12),
    ],
)
def test_the_lifecycle_settings_keep_to_their_bounds(client_for, committee_staff, committee, field, value, kept):
    url = reverse("dashboard:committee_settings", args=[committee.pk])
    response = client_for(committee_staff).post(url, DEFAULTS | {field: value})
    committee.refresh_from_db()
    assert getattr(committee, field) == kept
    if kept != value:
        assert response.status_code == 200 and response.context["form"].errors[field]
