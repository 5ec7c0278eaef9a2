import datetime
from decimal import Decimal

import factory

from assistance.models import (
    Campaign,
    CampaignPurpose,
    Donation,
    HelpCategory,
    HelpLocation,
    HelpRequest,
    InvestmentProject,
    ProjectStage,
    ReturnApplication,
    ReturnPost,
    ReturnPostTitle,
    Visit,
    VisitOccasion,
    VisitReason,
)
from tests.factories import BranchFactory, CommitteeFactory, MemberFactory


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    branch = factory.SubFactory(BranchFactory)
    requester_name = factory.Sequence(lambda n: f"老乡{n}")
    requester_phone = "13900139000"
    category = HelpCategory.WAGE_DISPUTE
    location = HelpLocation.GUANGDONG
    township = "禾市乡"
    village = "禾市村"
    story = "工厂拖欠三个月工资。"
    received_on = datetime.date(2026, 11, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    branch = factory.SubFactory(BranchFactory)
    visited_on = datetime.date(2026, 1, 20)
    occasion = VisitOccasion.SPRING_FESTIVAL
    visitee_name = factory.Sequence(lambda n: f"困难户{n}")
    reason = VisitReason.HARDSHIP
    cash = Decimal(500)
    goods_value = Decimal(200)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"捐资助学活动{n}")
    purpose = CampaignPurpose.EDUCATION
    starts_on = datetime.date(2026, 8, 1)


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    campaign = factory.SubFactory(CampaignFactory)
    donor_name = "爱心企业"
    amount = Decimal(1000)
    donated_on = datetime.date(2026, 8, 5)


class InvestmentProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentProject

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"扶贫车间{n}")
    company = "安仁电子有限公司"
    amount_wan = Decimal(1000)
    stage = ProjectStage.SIGNED
    jobs = 50


class ReturnPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnPost

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"新洲村回引挂职{n}")
    title = ReturnPostTitle.DEPUTY_SECRETARY
    township = "永乐江镇"
    village = "新洲村"
    term_years = 2
    quota = 1
    opens_on = datetime.date(2026, 10, 1)


class ReturnApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnApplication

    post = factory.SubFactory(ReturnPostFactory)
    member = factory.SubFactory(MemberFactory)
    applied_on = datetime.date(2026, 10, 10)
