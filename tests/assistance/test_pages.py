"""What the assistance lists add up to (who may open which page is the permission sweep's table)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import Visit
from branches.models import PairedVillage
from tests.assistance.factories import (
    CampaignFactory,
    DonationFactory,
    HelpRequestFactory,
    InvestmentProjectFactory,
    ReturnApplicationFactory,
    ReturnPostFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def test_the_visit_list_totals_each_year(client_for, secretary1, branch1, branch2):
    VisitFactory(branch=branch1, visited_on=datetime.date(2025, 1, 20), cash=Decimal(500), goods_value=Decimal(200))
    VisitFactory(branch=branch1, visited_on=datetime.date(2025, 6, 28), cash=Decimal(800), goods_value=Decimal(0))
    VisitFactory(branch=branch1, visited_on=datetime.date(2026, 1, 20), cash=Decimal(1000), goods_value=Decimal(300))
    VisitFactory(branch=branch2, visited_on=datetime.date(2026, 1, 20), cash=Decimal(9999))
    response = client_for(secretary1).get(reverse("assistance:visit_list"))
    years = {row["year"]: (row["count"], row["cash"], row["total"]) for row in response.context["years"]}
    assert years == {2026: (1, Decimal(1000), Decimal(1300)), 2025: (2, Decimal(1300), Decimal(1500))}
    assert "1,500" in response.content.decode()


def test_a_secretary_records_a_visit_for_its_own_branch(client_for, secretary1, branch1, alice):
    response = client_for(secretary1).post(
        reverse("assistance:visit_create"),
        {
            "branch": branch1.pk,
            "visited_on": "2026-01-20",
            "occasion": "spring_festival",
            "reason": "illness",
            "member": alice.pk,
            "cash": "800",
            "goods_value": "0",
        },
    )
    assert response.status_code == 302
    assert Visit.objects.get().member == alice


def test_a_visit_names_whom_it_visited(client_for, secretary1, branch1):
    response = client_for(secretary1).post(
        reverse("assistance:visit_create"),
        {
            "branch": branch1.pk,
            "visited_on": "2026-01-20",
            "occasion": "other",
            "reason": "hardship",
            "cash": "0",
            "goods_value": "0",
        },
    )
    assert "请选择走访的党员或填写走访对象姓名。" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_campaign_page_sums_its_donations(client_for, committee_staff, committee):
    campaign = CampaignFactory(committee=committee, name="2026年捐资助学")
    DonationFactory(campaign=campaign, amount=Decimal(3000))
    DonationFactory(campaign=campaign, amount=Decimal(2000))
    client = client_for(committee_staff)
    response = client.post(
        reverse("assistance:donation_create", args=[campaign.pk]),
        {
            "donation-donor_name": "刘录中",
            "donation-amount": "30000",
            "donation-donated_on": "2026-08-10",
            "donation-kind": "money",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("assistance:campaign_detail", args=[campaign.pk])).content.decode()
    assert "35,000" in page and "刘录中" in page


def test_projects_are_totalled_by_stage_in_the_workflows_order(client_for, committee_staff, committee):
    InvestmentProjectFactory(committee=committee, stage="intent", amount_wan=Decimal(500), jobs=10)
    InvestmentProjectFactory(committee=committee, stage="producing", amount_wan=Decimal(11500), jobs=2000)
    InvestmentProjectFactory(committee=committee, stage="producing", amount_wan=Decimal(25000), jobs=1000)
    response = client_for(committee_staff).get(reverse("assistance:project_list"))
    stages = [(row["stage"], row["count"], row["amount"], row["jobs"]) for row in response.context["stages"]]
    assert stages == [
        ("intent", 1, Decimal(500), 10),
        ("signed", 0, Decimal(0), 0),
        ("building", 0, Decimal(0), 0),
        ("producing", 2, Decimal(36500), 3000),
    ]
    assert response.context["total"]["amount"] == Decimal(37000)


def test_paired_villages_count_the_households_visited_there(client_for, secretary1, branch1, branch2):
    PairedVillage.objects.create(branch=branch1, township="安平镇", village="坪上村", since=datetime.date(2018, 10, 1))
    for _ in range(3):
        VisitFactory(branch=branch1, township="安平镇", village="坪上村")
    VisitFactory(branch=branch2, township="安平镇", village="坪上村")
    rows = client_for(secretary1).get(reverse("assistance:paired_village_list")).context["rows"]
    assert [(v.village, v.visited) for v in rows] == [("坪上村", 3)]


def test_job_referrals_give_totals_and_the_average_wage(client_for, committee_staff, committee):
    from assistance.models import JobFair, JobReferral

    JobFair.objects.create(
        committee=committee, name="扶贫专场招聘会", held_on=datetime.date(2018, 9, 28), posts_offered=500
    )
    for wage, poor in ((4000, True), (5000, True), (6000, False)):
        JobReferral.objects.create(
            committee=committee,
            person_name="工友",
            employer="东莞电子厂",
            city="东莞",
            monthly_wage=Decimal(wage),
            poverty_household=poor,
            referred_on=datetime.date(2025, 3, 1),
        )
    totals = client_for(committee_staff).get(reverse("assistance:job_referral_list")).context["totals"]
    assert (totals["placed"], totals["poor"], totals["posts"]) == (3, 2, 500)
    assert totals["average_wage"] == Decimal(5000)


LISTS = [
    "impact",
    "help_request_list",
    "visit_list",
    "campaign_list",
    "job_referral_list",
    "paired_village_list",
    "project_list",
    "return_post_list",
    "return_application_list",
]


def test_list_query_counts_do_not_grow_with_rows(
    client_for, county_admin, committee, branch1, django_assert_max_num_queries
):
    def add_rows(count):
        for _ in range(count):
            HelpRequestFactory(branch=branch1)
            VisitFactory(branch=branch1)
            DonationFactory(campaign=CampaignFactory(committee=committee))
            InvestmentProjectFactory(committee=committee)
            ReturnApplicationFactory(post=ReturnPostFactory(committee=committee))

    add_rows(2)
    client = client_for(county_admin)
    counts = {}
    for name in LISTS:
        client.get(reverse(f"assistance:{name}"))
        with django_assert_max_num_queries(30) as captured:
            client.get(reverse(f"assistance:{name}"))
        counts[name] = len(captured.captured_queries)
    add_rows(20)
    for name in LISTS:
        with django_assert_max_num_queries(counts[name]):
            client.get(reverse(f"assistance:{name}"))


def test_the_member_giving_partial_shows_a_members_donations_and_cases(
    secretary1, secretary2, alice, branch1, committee
):
    DonationFactory(
        campaign=CampaignFactory(committee=committee, name="捐资助学"),
        member=alice,
        donor_name="",
        amount=Decimal(3000),
    )
    HelpRequestFactory(branch=branch1, member=alice, requester_name="", category="schooling")
    request = RequestFactory().get("/")
    template = Template("{% load assistance_tags %}{% member_giving member %}")
    request.user = secretary1
    text = template.render(Context({"request": request, "member": alice}))
    assert "捐资助学" in text and "3,000.00" in text and "子女入学" in text
    request.user = secretary2
    text = template.render(Context({"request": request, "member": alice}))
    assert "子女入学" not in text


def test_a_secretary_reads_committee_wide_projects_but_edits_only_its_branchs(
    client_for, secretary1, committee, branch1
):
    committee_wide = InvestmentProjectFactory(committee=committee, name="县级项目")
    own = InvestmentProjectFactory(committee=committee, branch=branch1, name="支部引进项目")
    client = client_for(secretary1)
    assert "县级项目" in client.get(reverse("assistance:project_list")).content.decode()
    assert client.get(reverse("assistance:project_update", args=[committee_wide.pk])).status_code == 403
    assert client.get(reverse("assistance:project_update", args=[own.pk])).status_code == 200


def test_a_committee_wide_project_names_its_introducer_only_to_who_may_read_the_members_file(
    client_for, secretary1, secretary2, committee, alice
):
    InvestmentProjectFactory(committee=committee, name="县级项目", introduced_by=alice)

    def shown(user):
        client = client_for(user)
        page = client.get(reverse("assistance:project_list")).content.decode()
        export = client.get(reverse("assistance:project_export"))
        sheet = load_workbook(io.BytesIO(b"".join(export) if export.streaming else export.content)).active
        cells = {str(value) for row in sheet.iter_rows(values_only=True) for value in row}
        return "县级项目" in page and "县级项目" in cells, "王阿丽" in page, "王阿丽" in cells

    assert shown(secretary1) == (True, True, True)
    assert shown(secretary2) == (True, False, False)  # the project, not branch 1's member


def test_a_secretarys_new_campaign_belongs_to_its_branch(client_for, secretary1, committee, branch1):
    from assistance.models import Campaign

    data = {"name": "支部助学", "purpose": "education", "committee": committee.pk, "starts_on": "2026-09-01"}
    response = client_for(secretary1).post(reverse("assistance:campaign_create"), data)
    assert response.status_code == 200 and not Campaign.objects.exists()
    client_for(secretary1).post(reverse("assistance:campaign_create"), data | {"branch": branch1.pk})
    assert Campaign.objects.get().branch == branch1
