"""组织生活达标规则 as a committee setting: staff and the county set them, secretaries read them."""

import pytest
from django.urls import reverse

from meetings.compliance import NATIONAL_RULES, rules_of
from meetings.models import ComplianceRule, Frequency, MeetingKind
from tests.meetings.conftest import DEFAULT_RULES

pytestmark = pytest.mark.django_db


def test_the_national_rule_is_the_one_the_regulations_state():
    # 《中国共产党支部工作条例（试行）》, written out here rather than read from the code.
    assert NATIONAL_RULES == {
        "general": "quarterly",
        "committee": "monthly",
        "group": "monthly",
        "lecture": "quarterly",
        "themed_day": "monthly",
        "life_meeting": "yearly",
        "appraisal": "yearly",
    }
    assert dict(DEFAULT_RULES) == NATIONAL_RULES  # the tests' rules are the national ones


def form_of(rules):
    return {kind: rules.get(kind, "") for kind in NATIONAL_RULES}


def test_committee_staff_change_their_committees_rules_row_by_row(client_for, committee_staff, committee, rules):
    client = client_for(committee_staff)
    changed = form_of(NATIONAL_RULES) | {"lecture": "monthly", "appraisal": ""}
    response = client.post(reverse("meetings:rules_edit", args=[committee.pk]), changed)
    assert response.url == reverse("meetings:rules")
    assert rules_of(committee) == {kind: value for kind, value in changed.items() if value}
    lecture = ComplianceRule.objects.get(committee=committee, kind=MeetingKind.LECTURE)
    # (the fixture's rules were bulk-created, without history: the change is the first row)
    assert [(row.frequency, row.history_user) for row in lecture.history.all()] == [("monthly", committee_staff)]
    assert ComplianceRule.history.filter(kind="appraisal", history_type="-", history_user=committee_staff).exists()
    # The same form again changes nothing, and says so.
    response = client.post(reverse("meetings:rules_edit", args=[committee.pk]), changed, follow=True)
    assert "没有变化。" in response.content.decode()
    assert lecture.history.count() == 1


def test_the_national_rule_fills_the_form_and_saves_only_when_confirmed(client_for, county_admin, committee):
    client = client_for(county_admin)
    form = client.get(reverse("meetings:rules_edit", args=[committee.pk]) + "?national=1").context["form"]
    assert {name: form[name].value() for name in form.fields} == NATIONAL_RULES
    assert not ComplianceRule.objects.exists()
    client.post(reverse("meetings:rules_edit", args=[committee.pk]), form_of(NATIONAL_RULES))
    assert rules_of(committee) == NATIONAL_RULES


def test_a_frequency_outside_the_choices_is_refused(client_for, committee_staff, committee, rules):
    response = client_for(committee_staff).post(
        reverse("meetings:rules_edit", args=[committee.pk]), form_of(NATIONAL_RULES) | {"lecture": "weekly"}
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert rules_of(committee)["lecture"] == Frequency.QUARTERLY


def test_a_secretary_reads_its_committees_rules_and_may_not_change_them(client_for, secretary1, committee, rules):
    client = client_for(secretary1)
    page = client.get(reverse("meetings:rules")).content.decode()
    assert committee.name in page and "每季度" in page
    assert reverse("meetings:rules_edit", args=[committee.pk]) not in page
    assert client.get(reverse("meetings:rules_edit", args=[committee.pk])).status_code == 403
    assert client.post(reverse("meetings:rules_edit", args=[committee.pk]), form_of({})).status_code == 403
    assert rules_of(committee) == NATIONAL_RULES


def test_the_rules_page_marks_a_rule_that_differs_from_the_national_one(client_for, auditor, committee, rules):
    ComplianceRule.objects.filter(committee=committee, kind="lecture").update(frequency="monthly")
    page = client_for(auditor).get(reverse("meetings:rules")).content.decode()
    lecture = ComplianceRule.objects.get(committee=committee, kind="lecture")
    row = page[page.index(f'data-rule="{lecture.pk}"') :].split("</tr>")[0]
    assert "每月" in row and "与全国规定不同" in row
    assert page.count("与全国规定不同") == 1


def test_the_matrix_checks_a_rule_changed_on_the_page(client_for, committee_staff, committee, branch1, rules):
    client = client_for(committee_staff)
    client.post(reverse("meetings:rules_edit", args=[committee.pk]), form_of({}))  # nothing checked
    assert not ComplianceRule.objects.exists()
    page = client.get(reverse("meetings:compliance"))
    assert all(not cell.missing for row in page.context["rows"] for cell in row.cells)
