"""The committee, its 11 branches, the demo accounts, and the member files."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history

from anren_registry.demo.names import (
    AREA_CODE,
    BRANCH_CITIES,
    BRANCH_VENUES,
    EMPLOYERS,
    ORDINALS,
    POSITIONS,
    TOWNSHIPS,
    full_name,
    mobile_phone,
)
from branches.models import Branch, Committee, HomeOrganisation, PairedVillage, StaffScope
from branches.roles import Role
from lib.months import add_months
from meetings.compliance import NATIONAL_RULES
from meetings.models import ComplianceRule
from members.id_number import make_id_number
from members.models import Category, Education, Gender, Honor, Member, Occupation, Post, PostTitle

DEMO_PASSWORD = "anren2021demo"
ARTICLE_DIRECT, ARTICLE_MOBILE = 138, 450

# The national rhythm of the 支部工作条例: every committee starts from it.
DEFAULT_RULES = NATIONAL_RULES


def ordinal_name(number: int) -> str:
    """第一 … 第十一 … 第九十九 … 第一百二十: Chinese ordinals for branch names."""
    if number >= 100:
        hundreds, rest = divmod(number, 100)
        tail = "" if not rest else ("零" + ORDINALS[rest - 1] if rest < 10 else ordinal_name(rest)[1:-3])
        if 10 <= rest < 20:
            tail = "一" + tail  # 一百一十五, not 一百十五
        return f"第{ORDINALS[hundreds - 1]}百{tail}党支部"
    if number <= 10:
        word = ORDINALS[number - 1]
    elif number < 20:
        word = "十" + ORDINALS[number - 11]
    else:
        tens, units = divmod(number, 10)
        word = ORDINALS[tens - 1] + "十" + (ORDINALS[units - 1] if units else "")
    return f"第{word}党支部"


def build(context):
    """The article's committee: 11 branches, 588 members (138 direct, 450 mobile)."""
    rng = context.rng
    committee = Committee.objects.create(
        name="中共安仁县驻广东地区流动委员会",
        short_name="安仁县驻广东流动党委",
        region="广东省",
        founded_on=datetime.date(2004, 7, 1),
        office_address="广东省东莞市长安镇安仁商会大楼三楼",
    )
    context.committee = committee
    ComplianceRule.objects.bulk_create(
        ComplianceRule(committee=committee, kind=kind, frequency=frequency) for kind, frequency in DEFAULT_RULES.items()
    )
    branch_count = 11
    Branch.objects.bulk_create(
        Branch(
            committee=committee,
            ordinal=number,
            name=ordinal_name(number),
            city=BRANCH_CITIES[(number - 1) % len(BRANCH_CITIES)],
            venue_address=BRANCH_VENUES[BRANCH_CITIES[(number - 1) % len(BRANCH_CITIES)]],
            founded_on=datetime.date(2004 + min(number - 1, 10) // 2, 7 if number == 1 else rng.randrange(1, 13), 1),
        )
        for number in range(1, branch_count + 1)
    )
    context.branches = list(Branch.objects.filter(committee=committee).order_by("ordinal"))
    _users(context)
    _members(context)
    _posts(context)
    _paired_villages(context)
    _honors(context)


def _users(context):
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: the same for every demo account
    specs = [
        ("admin", "县委组织部管理员", Role.COUNTY_ADMIN, None, None),
        ("committee", "流动党委办公室", Role.COMMITTEE_STAFF, context.committee, None),
        ("auditor", "审计员", Role.AUDITOR, None, None),
        # 三员分立: the system administrator manages accounts and reads no member file.
        ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None, None),
    ]
    specs += [
        (f"branch{branch.ordinal}", f"{branch.name}书记", Role.BRANCH_SECRETARY, None, branch)
        for branch in context.branches[:11]
    ]
    for username, first_name, role, committee, branch in specs:
        user = User.objects.create(
            username=username,
            first_name=first_name,
            password=password,
            is_staff=True,
            is_superuser=(username == "admin"),
        )
        StaffScope.objects.create(user=user, role=role, committee=committee, branch=branch)
        context.users[username] = user


def _split_counts(total: int, parts: int, rng) -> list[int]:
    """``total`` spread over ``parts`` uneven but non-empty shares."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = sum(weights)
    counts = [max(1, int(total * weight / scale)) for weight in weights]
    counts[0] += total - sum(counts)
    return counts


def _members(context):
    rng = context.rng
    total = context.member_count
    direct_total = ARTICLE_DIRECT
    categories = [Category.DIRECT] * direct_total + [Category.MOBILE] * (total - direct_total)
    rng.shuffle(categories)
    per_branch = _split_counts(total, len(context.branches), rng)
    branch_of = [branch for branch, count in zip(context.branches, per_branch, strict=True) for _ in range(count)]
    used_ids = set()
    townships = list(TOWNSHIPS)
    homes = {
        (home.parent.name, home.name): home for home in HomeOrganisation.objects.branches().select_related("parent")
    }
    today = context.today
    rows = []
    for index in range(total):
        branch = branch_of[index]
        male = rng.random() < 0.78
        born = datetime.date(rng.randrange(1952, 2001), rng.randrange(1, 13), rng.randrange(1, 29))
        while True:
            sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
            id_number = make_id_number(AREA_CODE, born, sequence)
            if id_number not in used_ids:
                used_ids.add(id_number)
                break
        joined = born + datetime.timedelta(days=365 * rng.randrange(19, 40) + rng.randrange(365))
        if joined >= today:
            joined = today - datetime.timedelta(days=rng.randrange(30, 400))
        probationary = (today - joined).days < 365 and rng.random() < 0.9
        full = None if probationary else joined + datetime.timedelta(days=365)
        township = rng.choice(townships)
        village = rng.choice(TOWNSHIPS[township])
        category = categories[index]
        city = branch.city if rng.random() < 0.85 else rng.choice(BRANCH_CITIES)
        left_home = max(joined, born + datetime.timedelta(days=365 * 18)) + datetime.timedelta(
            days=rng.randrange(0, 3000)
        )
        left_home = min(left_home, today - datetime.timedelta(days=rng.randrange(20, 200)))
        rows.append(
            Member(
                name=full_name(rng, male),
                gender=Gender.MALE if male else Gender.FEMALE,
                ethnicity="汉族" if rng.random() < 0.97 else rng.choice(["瑶族", "土家族", "苗族"]),
                birth_date=born,
                id_number=id_number,
                phone=mobile_phone(rng),
                education=rng.choices(list(Education.values), weights=[2, 14, 22, 14, 28, 20])[0],
                hometown_township=township,
                hometown_village=village,
                # A mobile member's relation is held by the village branch at home.
                home_organisation=homes[township, village] if category == Category.MOBILE else None,
                joined_party_on=joined,
                full_member_on=full,
                category=category,
                branch=branch,
                employer=rng.choice(EMPLOYERS[city]),
                position=rng.choice(POSITIONS),
                work_city=city,
                occupation=rng.choices(list(Occupation.values), weights=[10, 45, 15, 10, 15, 5])[0],
                left_home_on=left_home,
                activity_certificate_no=f"AR{left_home.year}{index + 1:05d}" if category == Category.MOBILE else "",
            )
        )
    bulk_create_with_history(rows, Member, batch_size=2000, default_user=None, default_change_reason="演示数据")
    context.figures["members"] = total


def _posts(context):
    """Each branch has a secretary, a deputy and three committee members (支委)."""
    rng = context.rng
    posts = []
    titles = list(PostTitle.values)
    for branch in context.branches:
        members = list(Member.objects.filter(branch=branch, full_member_on__isnull=False).order_by("pk")[:60])
        chosen = rng.sample(members, min(len(titles), len(members)))
        for title, member in zip(titles, chosen, strict=False):
            posts.append(
                Post(
                    member=member, branch=branch, title=title, started_on=datetime.date(rng.choice([2018, 2021]), 7, 1)
                )
            )
    Post.objects.bulk_create(posts)
    _terms(context)


def _terms(context):
    """换届: when each branch committee was elected (its current posts start that day), and the
    committee's own term. Most are in term; 第四党支部 is due within six months, 第三党支部
    (whose 2026-02-20 election was invalid) and 第九党支部 are overdue."""
    today = context.today
    for branch in context.branches:
        months = {3: 12 * 3 + 10, 4: 12 * 3 - 4, 9: 12 * 3 + 3}.get(branch.ordinal, 6 + 2 * branch.ordinal)
        branch.term_started_on = add_months(today, -months).replace(day=1)
        Post.objects.filter(branch=branch, ended_on__isnull=True).update(started_on=branch.term_started_on)
    Branch.objects.bulk_update(context.branches, ["term_started_on"])
    context.committee.term_started_on = add_months(today, -(12 * 5 - 5)).replace(day=1)
    context.committee.save(update_fields=["term_started_on"])


def _paired_villages(context):
    """每个党支部精准对接1至2个贫困村: 18 villages over the 11 branches."""
    pairs = [(township, village) for township, villages in TOWNSHIPS.items() for village in villages]
    context.rng.shuffle(pairs)
    rows, cursor = [], 0
    for branch in context.branches[:11]:
        for _ in range(2 if branch.ordinal <= 7 else 1):
            township, village = pairs[cursor]
            cursor += 1
            rows.append(
                PairedVillage(
                    branch=branch,
                    township=township,
                    village=village,
                    since=datetime.date(2018, 10, 1),
                    households_visited=0,
                    note="2018年10月精准对接",
                )
            )
    PairedVillage.objects.bulk_create(rows)


def _honors(context):
    rng = context.rng
    rows = [
        # “安仁县驻广东流动党委多次被授予‘先进基层党组织’称号”: the committee's, not a branch's.
        Honor(committee=context.committee, title="先进基层党组织", awarded_by="中共郴州市委组织部", year=2019),
        Honor(committee=context.committee, title="先进基层党组织", awarded_by="中共安仁县委", year=2021),
    ]
    secretaries = Post.objects.filter(title=PostTitle.SECRETARY).select_related("member")[:11]
    for post in secretaries:
        rows.append(
            Honor(
                member=post.member,
                title=rng.choice(["优秀共产党员", "优秀党务工作者"]),
                awarded_by="中共安仁县委",
                year=rng.choice([2019, 2020, 2021]),
            )
        )
    Honor.objects.bulk_create(rows)
