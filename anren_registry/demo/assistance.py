"""The article's care and hometown work, as records: campaigns, visits, jobs, projects, cases."""

import datetime
from decimal import Decimal

from anren_registry.demo import help_requests, return_posts
from anren_registry.demo.names import TOWNSHIPS, full_name
from assistance.models import (
    Beneficiary,
    BeneficiaryKind,
    Campaign,
    CampaignPurpose,
    Donation,
    DonationKind,
    InvestmentProject,
    JobFair,
    JobReferral,
    ProjectStage,
    Visit,
    VisitOccasion,
    VisitReason,
)
from branches.models import PairedVillage
from members.models import Member

D = Decimal


def _spread(total: int, parts: int, rng) -> list[int]:
    """``total`` split into ``parts`` whole amounts that add up exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = sum(weights)
    amounts = [int(total * weight / scale) for weight in weights]
    amounts[0] += total - sum(amounts)
    return amounts


def _donors(rng, members, count):
    """``count`` donors: distinct members where there are enough, some giving twice in a tiny demo."""
    return rng.sample(members, count) if len(members) >= count else rng.choices(members, k=count)


def build(context):
    rng = context.rng
    committee = context.committee
    members = list(Member.objects.filter(branch__committee=committee).order_by("pk")[:400])
    context.branches[:11]

    # 2018-08 捐资助学: 30万元 for 100 students from registered poor households.
    education = Campaign.objects.create(
        committee=committee,
        name="2018年捐资助学活动",
        purpose=CampaignPurpose.EDUCATION,
        organiser="安仁县驻广东流动党委",
        starts_on=datetime.date(2018, 8, 1),
        ends_on=datetime.date(2018, 8, 31),
        target_amount=D(300000),
        description="所辖各支部党员积极参与，资助建档立卡贫困大学生100名。",
    )
    donors = _donors(rng, members, 120)
    Donation.objects.bulk_create(
        Donation(
            campaign=education, member=member, amount=D(amount), donated_on=datetime.date(2018, 8, rng.randrange(1, 29))
        )
        for member, amount in zip(donors, _spread(300000, 120, rng), strict=True)
    )
    Beneficiary.objects.bulk_create(
        Beneficiary(
            campaign=education,
            kind=BeneficiaryKind.STUDENT,
            name=full_name(rng, rng.random() < 0.5),
            township=(township := rng.choice(list(TOWNSHIPS))),
            village=rng.choice(TOWNSHIPS[township]),
            amount=D(3000),
        )
        for _ in range(100)
    )

    # 2018-10 精准对接: visits to 170 五保、孤儿 and 兜底 households, 20万元 of goods and cash.
    pairing = Campaign.objects.create(
        committee=committee,
        name="2018年精准对接贫困村走访慰问",
        purpose=CampaignPurpose.POVERTY,
        organiser="安仁县驻广东流动党委",
        starts_on=datetime.date(2018, 10, 1),
        ends_on=datetime.date(2018, 10, 31),
        target_amount=D(200000),
    )
    pairs = list(PairedVillage.objects.filter(branch__committee=committee).select_related("branch"))
    visits = []
    for cash, goods_value in zip(_spread(120000, 170, rng), _spread(80000, 170, rng), strict=True):
        village = rng.choice(pairs)
        visits.append(
            Visit(
                branch=village.branch,
                visited_on=datetime.date(2018, 10, rng.randrange(1, 31)),
                occasion=VisitOccasion.OTHER,
                visitee_name=full_name(rng, rng.random() < 0.6) + "户",
                township=village.township,
                village=village.village,
                reason=VisitReason.POOR_HOUSEHOLD,
                visitors=f"{village.branch.name}党员",
                cash=D(cash),
                goods="大米、食用油、棉被",
                goods_value=D(goods_value),
                note=rng.choice(["五保户", "孤儿", "兜底贫困户"]),
            )
        )
    Visit.objects.bulk_create(visits)
    counts = {}
    for visit in visits:
        counts[(visit.branch_id, visit.village)] = counts.get((visit.branch_id, visit.village), 0) + 1
    for village in pairs:
        village.households_visited = counts.get((village.branch_id, village.village), 0)
    PairedVillage.objects.bulk_update(pairs, ["households_visited"])
    Donation.objects.create(
        campaign=pairing, donor_name="流动党委班子及支部书记", amount=D(200000), donated_on=datetime.date(2018, 10, 8)
    )

    # 春节 and 七一 visits to members in hardship, illness or family trouble.
    # Every year since 2019, up to today: the work goes on after the article (2021).
    festive = []
    for year in range(2019, context.today.year + 1):
        for occasion, month in ((VisitOccasion.SPRING_FESTIVAL, 1), (VisitOccasion.JULY_FIRST, 6)):
            if datetime.date(year, month, 28) > context.today:
                continue
            for member in rng.sample(members, min(12, len(members))):
                festive.append(
                    Visit(
                        branch_id=member.branch_id,
                        visited_on=datetime.date(year, month, rng.randrange(10, 28)),
                        occasion=occasion,
                        member=member,
                        reason=rng.choice(
                            [
                                VisitReason.HARDSHIP,
                                VisitReason.FAMILY_CONFLICT,
                                VisitReason.ILLNESS,
                                VisitReason.ELDERLY,
                            ]
                        ),
                        visitors="流动党委班子成员",
                        cash=D(rng.choice([500, 800, 1000])),
                        goods="慰问品",
                        goods_value=D(200),
                    )
                )
    Visit.objects.bulk_create(festive)

    # Over 200万元 to the county's education foundation, charity federation and disaster relief.
    for name, purpose, year, total in (
        ("向安仁县教育基金会捐款", CampaignPurpose.EDUCATION, 2019, 820000),
        ("向安仁县慈善总会捐款", CampaignPurpose.CHARITY, 2020, 760000),
        ("民政救灾捐款", CampaignPurpose.DISASTER, 2021, 450000),
    ):
        campaign = Campaign.objects.create(
            committee=committee,
            name=name,
            purpose=purpose,
            organiser="安仁县驻广东流动党委",
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 5, 31),
        )
        donors = _donors(rng, members, 60)
        Donation.objects.bulk_create(
            Donation(
                campaign=campaign,
                member=member,
                amount=D(amount),
                donated_on=datetime.date(year, 4, rng.randrange(1, 29)),
            )
            for member, amount in zip(donors, _spread(total, 60, rng), strict=True)
        )

    # Poultry or a pig to 146 poor households in 18 villages of 9 townships; 刘录中 3万, 陈建平 2万.
    livestock = Campaign.objects.create(
        committee=committee,
        name="赠送生产资料助推脱贫",
        purpose=CampaignPurpose.POVERTY,
        organiser="党委班子和支部书记",
        starts_on=datetime.date(2019, 3, 1),
        ends_on=datetime.date(2019, 4, 30),
    )
    Donation.objects.bulk_create(
        [
            Donation(campaign=livestock, donor_name="刘录中", amount=D(30000), donated_on=datetime.date(2019, 3, 5)),
            Donation(campaign=livestock, donor_name="陈建平", amount=D(20000), donated_on=datetime.date(2019, 3, 6)),
        ]
    )
    townships = ["安平镇", "灵官镇", "永乐江镇", "龙海镇", "金紫仙镇", "禾市乡", "牌楼乡", "渡口乡", "承坪乡"]
    villages = [(t, v) for t in townships for v in TOWNSHIPS[t][:2]]
    villages[0], villages[2] = ("安平镇", "坪上村"), ("灵官镇", "莽山村")
    households = [villages[index % 18] for index in range(146)]
    Beneficiary.objects.bulk_create(
        Beneficiary(
            campaign=livestock,
            kind=BeneficiaryKind.HOUSEHOLD,
            name=full_name(rng, True) + "户",
            township=township,
            village=village,
            goods="湘西黑仔猪1头" if rng.random() < 0.3 else "家禽20羽（鸡、鸭、鹅）",
        )
        for township, village in households
    )

    # 2020 epidemic: masks, protective suits and alcohol, over 200,000 items.
    epidemic = Campaign.objects.create(
        committee=committee,
        name="驰援家乡疫情防控",
        purpose=CampaignPurpose.EPIDEMIC,
        organiser="流动党委书记谭泽华",
        starts_on=datetime.date(2020, 1, 27),
        ends_on=datetime.date(2020, 3, 31),
    )
    Donation.objects.bulk_create(
        Donation(
            campaign=epidemic,
            member=member,
            kind=DonationKind.GOODS,
            goods=goods,
            quantity=quantity,
            amount=D(quantity) * price,
            donated_on=datetime.date(2020, 1, 27) + datetime.timedelta(days=rng.randrange(0, 20)),
        )
        for member, (goods, quantity, price) in zip(
            _donors(rng, members, 40),
            # 13 × 15,400 + 1,000 = 201,200 items: "20多万件".
            [("口罩", 14000, D("1.5")), ("防护服", 400, D(60)), ("酒精（瓶）", 1000, D(12))] * 13
            + [("口罩", 1000, D("1.5"))],
            strict=True,
        )
    )

    _yearly_campaigns(context, members)

    # Jobs: the 2018-09/10 fair with 500 posts, and 2,500+ workers placed in three drives.
    fair = JobFair.objects.create(
        committee=committee,
        name="安仁籍在粤企业家回乡扶贫专场招聘会",
        held_on=datetime.date(2018, 9, 28),
        location="安仁县人力资源市场",
        employers=46,
        posts_offered=500,
    )
    referrals = []
    for drive, (year, month, count) in enumerate(((2019, 2, 900), (2020, 3, 850), (2021, 2, 780))):
        for index in range(count):
            township = rng.choice(list(TOWNSHIPS))
            # The first 300 of the first drive were placed at the fair itself, on its day.
            at_fair = drive == 0 and index < 300
            referrals.append(
                JobReferral(
                    committee=committee,
                    job_fair=fair if at_fair else None,
                    person_name=full_name(rng, rng.random() < 0.6),
                    township=township,
                    poverty_household=True,
                    employer=rng.choice(
                        [
                            "东莞亿等新能源有限公司",
                            "东莞市比卓五金电子有限公司",
                            "深圳宝安电子科技公司",
                            "佛山顺德家电有限公司",
                        ]
                    ),
                    city=rng.choice(["东莞", "深圳", "佛山", "广州"]),
                    position=rng.choice(["普工", "操作工", "质检员", "仓管"]),
                    monthly_wage=D(rng.randrange(4200, 5400, 50)),
                    referred_on=fair.held_on if at_fair else datetime.date(year, month, rng.randrange(1, 28)),
                )
            )
    JobReferral.objects.bulk_create(referrals)

    # 23 investment projects, over 20亿元 in all.
    projects = [
        (
            "安仁段氏新能源锂电产业园",
            "安仁段氏新能源有限公司",
            11500,
            "永乐江镇",
            "",
            "新能源",
            ProjectStage.PRODUCING,
            0,
            2000,
            0,
            0,
        ),
        (
            "安仁比卓电子信息项目",
            "东莞市比卓五金电子有限公司",
            25000,
            "永乐江镇",
            "",
            "电子信息",
            ProjectStage.BUILDING,
            30,
            1000,
            50000,
            1000,
        ),
        (
            "康速电子",
            "安仁康速电子有限公司",
            12000,
            "灵官镇",
            "黄田村",
            "电子信息",
            ProjectStage.PRODUCING,
            0,
            300,
            0,
            0,
        ),
        (
            "七里香农庄",
            "安仁七里香农业开发公司",
            3000,
            "龙海镇",
            "朴塘村",
            "农业观光",
            ProjectStage.PRODUCING,
            0,
            80,
            0,
            0,
        ),
        (
            "赶分社电子商务",
            "安仁赶分社电子商务公司",
            2000,
            "永乐江镇",
            "新洲村",
            "电子商务",
            ProjectStage.PRODUCING,
            0,
            120,
            0,
            0,
        ),
        ("新洲供气站", "安仁新洲燃气公司", 5000, "永乐江镇", "新洲村", "能源", ProjectStage.PRODUCING, 0, 40, 0, 0),
    ]
    remaining = 200500 - sum(p[2] for p in projects)
    for index, amount in enumerate(_spread(remaining, 17, rng)):
        township = rng.choice(list(TOWNSHIPS))
        projects.append(
            (
                f"扶贫车间项目{index + 1}",
                f"安仁籍企业家投资企业{index + 1}",
                amount,
                township,
                rng.choice(TOWNSHIPS[township]),
                rng.choice(["电子", "服装", "农产品加工", "五金"]),
                rng.choice(list(ProjectStage.values)),
                0,
                rng.randrange(20, 120),
                0,
                0,
            )
        )
    InvestmentProject.objects.bulk_create(
        InvestmentProject(
            committee=committee,
            name=name,
            company=company,
            amount_wan=D(amount),
            township=township,
            village=village,
            industry=industry,
            stage=stage,
            area_mu=D(area),
            jobs=jobs,
            annual_output_wan=D(output),
            annual_tax_wan=D(tax),
            introduced_by=rng.choice(members),
            # “今年7月，东莞市比卓五金电子有限公司投资2.5亿元” (the article is of 2021).
            signed_on=datetime.date(2021, 7, 15)
            if name == "安仁比卓电子信息项目"
            else datetime.date(2018 + index % 4, 1 + index % 12, 10),
        )
        for index, (name, company, amount, township, village, industry, stage, area, jobs, output, tax) in enumerate(
            projects
        )
    )

    help_requests.build(context, members)
    return_posts.build(context, members)


def _yearly_campaigns(context, members):
    """After the article: each year's 春节 collection for members in hardship and 金秋助学
    in September, up to today, so that this year's figures are not nil."""
    rng = context.rng
    for year in range(2022, context.today.year + 1):
        for name, purpose, month, total in (
            (f"{year}年春节慰问困难党员募捐", CampaignPurpose.POVERTY, 1, rng.randrange(40, 80) * 1000),
            (f"{year}年金秋助学", CampaignPurpose.EDUCATION, 9, rng.randrange(60, 120) * 1000),
        ):
            if datetime.date(year, month, 28) > context.today:
                continue
            campaign = Campaign.objects.create(
                committee=context.committee,
                name=name,
                purpose=purpose,
                organiser="安仁县驻广东流动党委",
                starts_on=datetime.date(year, month, 1),
                ends_on=datetime.date(year, month, 28),
            )
            donors = _donors(rng, members, 30)
            Donation.objects.bulk_create(
                Donation(
                    campaign=campaign,
                    member=member,
                    amount=D(amount),
                    donated_on=datetime.date(year, month, rng.randrange(1, 29)),
                )
                for member, amount in zip(donors, _spread(total, 30, rng), strict=True)
            )
