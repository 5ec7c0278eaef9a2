"""帮扶成效: after seed_demo, the page's figures are the article's, summed from the records."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assistance.models import Campaign, HelpRequest, InvestmentProject
from assistance.totals import impact_figures

pytestmark = pytest.mark.django_db


def test_the_impact_figures_equal_the_articles_after_seed_demo(client_for):
    call_command("seed_demo", verbosity=0)
    admin = get_user_model().objects.get(username="admin")
    figures = impact_figures(admin)

    # 2018年8月捐资助学: 30万元, 100名贫困大学生.
    education = next(c for c in figures["campaigns"] if c.name == "2018年捐资助学活动")
    assert (education.money, education.beneficiary_count) == (Decimal(300000), 100)
    assert figures["students"] == 100
    # 2018年10月: 170户五保、孤儿和兜底贫困户, 物资和慰问金20万元.
    assert figures["poor_visits"]["total"] == 170
    assert figures["poor_visits"]["money"] == Decimal(200000)
    # 每个党支部精准对接1至2个贫困村.
    assert figures["paired_villages"] == 18
    # 9个乡镇18个贫困村146户: 家禽或黑仔猪; 316户贫困户 in all.
    assert figures["households"] == {"total": 146, "villages": 18, "townships": 9}
    assert figures["poor_households"] == 316
    # 招聘会500个岗位; 2500多人输入广东, 人均月工资超过4500元.
    assert figures["jobs"]["posts"] == 500
    assert figures["jobs"]["placed"] > 2500 and figures["jobs"]["placed"] < 2600
    assert figures["jobs"]["average_wage"] > 4500
    # 疫情防控: 口罩、防护服、酒精等20多万件.
    epidemic = next(c for c in figures["campaigns"] if c.name == "驰援家乡疫情防控")
    assert 200_000 < epidemic.goods_items < 300_000
    # 向教育基金会、慈善总会和民政救灾捐款200余万元.
    county_funds = [
        c for c in figures["campaigns"] if c.name in {"向安仁县教育基金会捐款", "向安仁县慈善总会捐款", "民政救灾捐款"}
    ]
    assert Decimal(2_000_000) < sum(c.money for c in county_funds) < Decimal(2_100_000)
    # 23个项目, 总投资额超过20亿元.
    assert figures["projects"]["total"] == 23
    assert Decimal(20) < figures["projects"]["amount_yi"] < Decimal(21)
    bizhuo = InvestmentProject.objects.get(name="安仁比卓电子信息项目")
    assert (bizhuo.amount_wan, bizhuo.area_mu, bizhuo.jobs) == (25000, 30, 1000)
    assert (bizhuo.annual_output_wan, bizhuo.annual_tax_wan) == (50000, 1000)
    assert InvestmentProject.objects.get(name="安仁段氏新能源锂电产业园").amount_wan == 11500
    # 第四党支部每年解决问题1000余件.
    branch4 = next(row for row in figures["help_by_branch"] if row["branch__name"] == "第四党支部")
    assert branch4["count"] >= 1000
    # The two cases the article tells.
    assert HelpRequest.objects.get(township="灵官镇", received_on__year=2019, requester_name="周某某夫妇")
    assert HelpRequest.objects.get(township="禾市乡", received_on__year=2020, received_on__month=12)
    # 3名流动党员当选村党支部书记.
    assert figures["returns"]["placed"] == 3

    page = client_for(admin).get(reverse("assistance:impact")).content.decode()
    assert "帮扶成效" in page
    for text in ("2018年捐资助学活动", "300,000", "170", "146", "316", "20.05"):
        assert text in page


def test_a_secretary_sees_the_figures_of_its_own_branch(client_for, secretary1, branch1, branch2):
    from tests.assistance.factories import HelpRequestFactory, VisitFactory

    HelpRequestFactory(branch=branch1)
    HelpRequestFactory(branch=branch2)
    VisitFactory(branch=branch2)
    figures = impact_figures(secretary1)
    assert figures["help"]["total"] == 1
    assert figures["visits"]["total"] == 0
    assert client_for(secretary1).get(reverse("assistance:impact")).status_code == 200


def test_campaign_totals_do_not_multiply_donations_by_beneficiaries(committee):
    from assistance.models import Beneficiary
    from assistance.totals import with_campaign_totals
    from tests.assistance.factories import CampaignFactory, DonationFactory

    campaign = CampaignFactory(committee=committee)
    DonationFactory(campaign=campaign, amount=Decimal(1000))
    DonationFactory(campaign=campaign, amount=Decimal(500))
    DonationFactory(campaign=campaign, kind="goods", goods="口罩", quantity=300, amount=Decimal(450))
    for name in ("甲", "乙", "丙"):
        Beneficiary.objects.create(campaign=campaign, kind="student", name=name, amount=Decimal(500))
    row = with_campaign_totals(Campaign.objects.filter(pk=campaign.pk)).get()
    assert (row.money, row.goods_items, row.goods_value) == (Decimal(1500), 300, Decimal(450))
    assert (row.donation_count, row.beneficiary_count) == (3, 3)
