"""What the assistance lists add up to (who may open which page is the permission sweep's table)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assistance.models import (
    Beneficiary,
    Campaign,
    Donation,
    HelpRequest,
    InvestmentProject,
    JobFair,
    JobReferral,
    ReturnApplication,
    ReturnPost,
    Visit,
)
from branches.models import PairedVillage
from tests.assistance.factories import (
    CampaignFactory,
    DonationFactory,
    HelpRequestFactory,
    InvestmentProjectFactory,
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


@pytest.mark.time_machine("2026-12-02 10:00 +0800", tick=True)  # after the donation of 2026-08-10
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


# Session, user, the user's scope (3); then each page's own queries, the same for 5 rows of
# every kind and for 500.
LIST_QUERIES = {
    # project totals, poor-household visits, help-request totals, cases per branch, visit
    # totals, visits per year, donation totals, donations per year, students, the households'
    # villages and townships, households, poor households visited, paired villages, job
    # referrals, job fairs, projects per stage, return applications, branches, the campaigns
    "impact": 3 + 19,
    # the paginator's count, the branch choices of the filter, the page of cases
    "help_request_list": 3 + 3,
    # visits per year, the count, the branch choices, the page
    "visit_list": 3 + 4,
    # donations per year, the count, the page of campaigns with their totals
    "campaign_list": 3 + 3,
    # referral totals, job-fair totals, referrals per year, the count, the job fairs, the page
    "job_referral_list": 3 + 6,
    # households visited in the paired villages, the count, the branch choices, the page
    "paired_village_list": 3 + 4,
    # projects per stage, the count, the page
    "project_list": 3 + 3,
    # the count (posts grouped with their applications), the page
    "return_post_list": 3 + 2,
    # the count, the post choices, the page of applications with member and post
    "return_application_list": 3 + 3,
}


@pytest.fixture
def grow_assistance(committee, branch1, alice):
    """Every kind of row the assistance lists show, up to ``n`` each, in bulk."""

    def grow(target):
        today = timezone.localdate()
        count = target - HelpRequest.objects.count()
        HelpRequest.objects.bulk_create(
            HelpRequestFactory.build(branch=branch1, member=alice, received_on=today) for _ in range(count)
        )
        Visit.objects.bulk_create(VisitFactory.build(branch=branch1, member=alice) for _ in range(count))
        campaigns = Campaign.objects.bulk_create(CampaignFactory.build(committee=committee) for _ in range(count))
        Donation.objects.bulk_create(DonationFactory.build(campaign=c, member=alice) for c in campaigns)
        Beneficiary.objects.bulk_create(
            Beneficiary(campaign=c, kind="household", name="困难户", village="新洲村", amount=100) for c in campaigns
        )
        fairs = JobFair.objects.bulk_create(
            JobFair(committee=committee, name=f"招聘会{index}", held_on=today, posts_offered=10)
            for index in range(count)
        )
        JobReferral.objects.bulk_create(
            JobReferral(
                committee=committee,
                job_fair=fair,
                person_name="工友",
                employer="东莞电子厂",
                city="东莞",
                monthly_wage=4500,
                referred_on=today,
            )
            for fair in fairs
        )
        PairedVillage.objects.bulk_create(
            PairedVillage(branch=branch1, township="永乐江镇", village=f"村{target}-{index}", since=today)
            for index in range(count)
        )
        InvestmentProject.objects.bulk_create(
            InvestmentProjectFactory.build(committee=committee, introduced_by=alice) for _ in range(count)
        )
        posts = ReturnPost.objects.bulk_create(ReturnPostFactory.build(committee=committee) for _ in range(count))
        ReturnApplication.objects.bulk_create(
            ReturnApplication(post=post, member=alice, applied_on=today) for post in posts
        )

    return grow


@pytest.mark.parametrize("name", list(LIST_QUERIES))
def test_a_list_costs_the_same_queries_for_5_rows_and_500(
    client_for, county_admin, grow_assistance, django_assert_num_queries, name
):
    client = client_for(county_admin)
    url = reverse(f"assistance:{name}")
    grow_assistance(5)
    client.get(url)  # warm: content types and the like
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(url).status_code == 200
    grow_assistance(500)
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(url).status_code == 200


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


def test_a_keyword_finds_a_project_by_its_introducer_only_for_who_may_read_the_introducer(
    client_for, secretary1, secretary2, committee_staff, committee, alice
):
    """The list does not show branch 2 who brought a committee-wide project; searching for
    the name must not tell it either (a search is an oracle for what it matches)."""
    InvestmentProjectFactory(committee=committee, name="县级项目", introduced_by=alice)
    InvestmentProjectFactory(committee=committee, name="其他项目")

    def found(user, keyword):
        client = client_for(user)
        page = client.get(reverse("assistance:project_list"), {"q": keyword}).content.decode()
        export = client.get(reverse("assistance:project_export"), {"q": keyword})
        sheet = load_workbook(io.BytesIO(b"".join(export) if export.streaming else export.content)).active
        cells = {str(value) for row in sheet.iter_rows(values_only=True) for value in row}
        return "县级项目" in page, "县级项目" in cells

    assert found(secretary1, "王阿丽") == (True, True)
    assert found(committee_staff, "阿丽") == (True, True)
    assert found(secretary2, "王阿丽") == (False, False)
    assert found(secretary2, "阿丽") == (False, False)
    # Everything else it sees is still searched: the project's own name.
    assert found(secretary2, "县级") == (True, True)


def test_a_secretarys_new_campaign_belongs_to_its_branch(client_for, secretary1, committee, branch1):
    from assistance.models import Campaign

    data = {"name": "支部助学", "purpose": "education", "committee": committee.pk, "starts_on": "2026-09-01"}
    response = client_for(secretary1).post(reverse("assistance:campaign_create"), data)
    assert response.status_code == 200 and not Campaign.objects.exists()
    client_for(secretary1).post(reverse("assistance:campaign_create"), data | {"branch": branch1.pk})
    assert Campaign.objects.get().branch == branch1


def test_a_secretary_cannot_add_beneficiaries_to_a_committee_wide_campaign(client_for, secretary1, committee_staff):
    from assistance.models import Beneficiary
    from tests.assistance.factories import CampaignFactory

    campaign = CampaignFactory(committee=secretary1.staff_scope.branch.committee, branch=None)
    payload = {"beneficiary-kind": "student", "beneficiary-name": "谭小明", "beneficiary-amount": "2000"}
    url = reverse("assistance:beneficiary_create", args=[campaign.pk])
    assert client_for(secretary1).post(url, payload).status_code == 403
    assert not Beneficiary.objects.exists()
    assert client_for(committee_staff).post(url, payload).status_code == 302
    assert Beneficiary.objects.get().name == "谭小明"


def test_a_committee_wide_campaign_lists_every_branch_s_donors_by_name_and_branch_only(
    client_for, committee, secretary2, alice
):
    """The committee publishes who gave to its campaigns (the article's 捐款 lists): branch 2
    reads branch 1's donor by name and branch, never by phone or ID number."""
    campaign = CampaignFactory(committee=committee, name="全委捐资助学")
    DonationFactory(campaign=campaign, member=alice, donor_name="", amount=Decimal(3000))
    text = client_for(secretary2).get(reverse("assistance:campaign_detail", args=[campaign.pk])).content.decode()
    assert "王阿丽" in text and "第一党支部" in text
    assert alice.phone not in text and alice.id_number not in text
