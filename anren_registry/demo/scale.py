"""The scaled demo (``seed_demo --members N``): a prefecture's mobile committees.

The article's committee comes first (same name, accounts and campaigns), then the
mobile committees of the other counties of Chenzhou, each with branches of about
500 members. Every member has the records the product shows — check-ins, five
report periods, task claims, attendance of recent meetings, help requests — so
100,000 members bring about a million rows. They are written with COPY
(:mod:`anren_registry.demo.bulk`) with one "created" history row each where
simple-history keeps one, as ``bulk_create_with_history`` would.
"""

import datetime
import math

from django.db import connection

from anren_registry.demo import dues, organisation, scale_care, scale_lifecycle, scale_meetings, scale_shuangbao
from anren_registry.demo.bulk import BulkWriter
from anren_registry.demo.names import BRANCH_VENUES, EMPLOYERS, POSITIONS, TOWNSHIPS, full_name, mobile_phone
from assistance.models import HelpAction, HelpRequest
from branches.models import Branch, Committee, HomeOrganisation
from dues.models import DuesAccount, DuesBase, Payment, PaymentMonth, Remittance
from meetings.models import (
    Attendance,
    ComplianceRule,
    Meeting,
    PartyGroup,
    PartyGroupMember,
)
from members.id_number import make_id_number
from members.models import (
    ActivityCertificate,
    Category,
    ContactAttempt,
    Education,
    Gender,
    Member,
    MemberStatus,
    Occupation,
    Post,
    PostTitle,
    Transfer,
)
from shuangbao.models import CheckIn, Report, Task, TaskClaim

MEMBERS_PER_BRANCH = 500
MEMBERS_PER_COMMITTEE = 20_000
DUES_MODELS = (DuesAccount, DuesBase, Payment, PaymentMonth, Remittance)
MOBILE_SHARE = 450 / 588  # the article's committee: 450 of 588 are mobile members

# (county, area code of its ID numbers, region, cities of its branches). The first is the article's.
COMMITTEES = [
    (
        "安仁县",
        "431028",
        "广东省",
        ["东莞", "东莞", "佛山", "东莞", "深圳", "深圳", "广州", "广州", "韶关", "惠州", "中山"],
    ),
    ("永兴县", "431023", "广东省", ["东莞", "深圳", "广州", "佛山", "中山"]),
    ("安仁县", "431028", "浙江省", ["湖州", "杭州", "宁波", "温州"]),
    ("宜章县", "431022", "广东省", ["广州", "深圳", "东莞", "清远"]),
    ("桂阳县", "431021", "广东省", ["深圳", "东莞", "佛山", "珠海"]),
    ("嘉禾县", "431024", "广东省", ["佛山", "广州", "江门"]),
    ("临武县", "431025", "广东省", ["东莞", "深圳", "惠州"]),
    ("汝城县", "431026", "广东省", ["广州", "深圳", "东莞"]),
]
REGION_SHORT = {"广东省": "广东", "浙江省": "浙江"}


def _employers(city):
    return EMPLOYERS.get(city) or [f"{city}{kind}" for kind in ("电子厂", "物流有限公司", "建筑工程公司", "服装厂")]


def build(context, verbose):
    writer = BulkWriter()
    _organisation(context, writer)
    verbose(f"组织: {len(context.committees)} 个流动党委, {len(context.branches)} 个支部")
    members = _members(context, writer)
    verbose(f"党员: {len(members)} 名")
    _posts(context, writer, members)
    organisation._users(context)
    organisation._paired_villages(context)
    organisation._honors(context)
    scale_shuangbao.check_ins(context, writer, members)
    scale_shuangbao.reports(context, writer, members)
    scale_shuangbao.claims(context, writer, members)
    verbose(f"双报一领: {writer.written['shuangbao.CheckIn']} 次报到, {writer.written['shuangbao.Report']} 份报告")
    scale_meetings.meetings(context, writer, members)
    verbose(f"组织生活: {writer.written['meetings.Meeting']} 次会议, {writer.written['meetings.Attendance']} 条出勤")
    scale_care.help_requests(context, writer, members)
    scale_lifecycle.lifecycle(context, writer, members)
    verbose(
        f"党籍: {writer.written.get('members.ContactAttempt', 0)} 条失联查找记录, "
        f"{writer.written.get('members.ActivityCertificate', 0)} 张活动证"
    )
    dues.build(context, writer, members, history=False)
    verbose(f"党费: {writer.written['dues.Payment']} 笔交纳, {writer.written['dues.PaymentMonth']} 个人月")
    writer.finish(
        [
            Member,
            Post,
            CheckIn,
            Report,
            Task,
            TaskClaim,
            PartyGroup,
            PartyGroupMember,
            Meeting,
            Attendance,
            HelpRequest,
            HelpAction,
            ContactAttempt,
            ActivityCertificate,
            Transfer,
        ]
    )
    context.figures.update(
        members=len(members),
        check_ins=writer.written["shuangbao.CheckIn"],
        reports=writer.written["shuangbao.Report"],
        claims=writer.written["shuangbao.TaskClaim"],
        meetings=writer.written["meetings.Meeting"],
        attendance=writer.written["meetings.Attendance"],
        rows=sum(writer.written.values()),
    )


def vacuum_analyze():
    """Statistics and a visibility map for the tables written here, as autovacuum would
    leave them: the first page views are planned for a million rows, not an empty table,
    and index-only scans (the member list's capped count) need not visit the heap."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (a test's or a caller's): ANALYZE alone then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (
            Member,
            CheckIn,
            Report,
            TaskClaim,
            Meeting,
            Attendance,
            HelpRequest,
            HelpAction,
            *DUES_MODELS,
            ActivityCertificate,
        ):
            cursor.execute(f'{command} "{model._meta.db_table}"')


def _organisation(context, writer):
    rng = context.rng
    count = max(1, min(len(COMMITTEES), math.ceil(context.member_count / MEMBERS_PER_COMMITTEE)))
    branch_count = max(11 * count, context.member_count // MEMBERS_PER_BRANCH)
    context.area_codes = {}
    for index, (county, area_code, region, cities) in enumerate(COMMITTEES[:count]):
        place = REGION_SHORT.get(region, region)
        committee = Committee.objects.create(
            name=f"中共{county}驻{place}地区流动委员会",
            short_name=f"{county}驻{place}流动党委",
            region=region,
            founded_on=datetime.date(2004, 7, 1) if index == 0 else datetime.date(2006 + index, 3, 1),
            office_address=f"{region}{cities[0]}市{county}商会",
        )
        context.area_codes[committee.pk] = area_code
        context.committees.append(committee)
        ComplianceRule.objects.bulk_create(
            ComplianceRule(committee=committee, kind=kind, frequency=frequency)
            for kind, frequency in organisation.DEFAULT_RULES.items()
        )
        share = branch_count // count + (1 if index < branch_count % count else 0)
        Branch.objects.bulk_create(
            Branch(
                committee=committee,
                ordinal=number,
                name=organisation.ordinal_name(number),
                city=(city := cities[(number - 1) % len(cities)]),
                venue_address=BRANCH_VENUES.get(city, f"{city}市{county}籍党员之家"),
                founded_on=datetime.date(committee.founded_on.year + min(number - 1, 10) // 2, rng.randrange(1, 13), 1),
            )
            for number in range(1, share + 1)
        )
    context.committee = context.committees[0]
    context.branches = list(Branch.objects.select_related("committee").order_by("committee_id", "ordinal"))


def _members(context, writer):
    rng = context.rng
    today = context.today
    per_branch = organisation._split_counts(context.member_count, len(context.branches), rng)
    townships = list(TOWNSHIPS)
    homes = {
        (home.parent.name, home.name): home.pk for home in HomeOrganisation.objects.branches().select_related("parent")
    }
    used_ids = set()
    rows = []
    area_codes = context.area_codes
    for branch, count in zip(context.branches, per_branch, strict=True):
        area_code = area_codes[branch.committee_id]
        cities = sorted({b.city for b in context.branches if b.committee_id == branch.committee_id})
        for _ in range(count):
            male = rng.random() < 0.78
            born = datetime.date(rng.randrange(1952, 2001), rng.randrange(1, 13), rng.randrange(1, 29))
            while True:
                id_number = make_id_number(area_code, born, rng.randrange(0, 500) * 2 + male)
                if id_number not in used_ids:
                    used_ids.add(id_number)
                    break
            joined = born + datetime.timedelta(days=365 * rng.randrange(19, 40) + rng.randrange(365))
            if joined >= today:
                joined = today - datetime.timedelta(days=rng.randrange(30, 400))
            probationary = (today - joined).days < 365 and rng.random() < 0.9
            township = rng.choice(townships)
            village = rng.choice(TOWNSHIPS[township])
            mobile = rng.random() < MOBILE_SHARE
            city = branch.city if rng.random() < 0.85 else rng.choice(cities)
            left_home = max(joined, born + datetime.timedelta(days=365 * 18)) + datetime.timedelta(
                days=rng.randrange(0, 3000)
            )
            left_home = min(left_home, today - datetime.timedelta(days=rng.randrange(20, 200)))
            # A member's life (demo/lifecycle.py at scale): about 1 in 100 lost or suspended, 1 in
            # 300 of the directly managed waiting for a transfer receipt.
            roll, status, since = rng.random(), MemberStatus.ACTIVE, None
            if mobile and roll < 0.008:
                status, since = MemberStatus.LOST_CONTACT, today - datetime.timedelta(days=rng.randrange(20, 700))
            elif mobile and roll < 0.01:
                status, since = MemberStatus.SUSPENDED, today - datetime.timedelta(days=rng.randrange(30, 1000))
            elif not mobile and roll < 0.0033:
                status, since = MemberStatus.PENDING_TRANSFER, today - datetime.timedelta(days=rng.randrange(5, 200))
            rows.append(
                {
                    "name": full_name(rng, male),
                    "gender": Gender.MALE if male else Gender.FEMALE,
                    "ethnicity": "汉族" if rng.random() < 0.97 else rng.choice(["瑶族", "土家族", "苗族"]),
                    "birth_date": born,
                    "id_number": id_number,
                    "phone": mobile_phone(rng),
                    "education": rng.choices(list(Education.values), weights=[2, 14, 22, 14, 28, 20])[0],
                    "hometown_township": township,
                    "hometown_village": village,
                    # A mobile member's relation is held by the village branch at home.
                    "home_organisation_id": homes[township, village] if mobile else None,
                    "joined_party_on": joined,
                    "full_member_on": None if probationary else joined + datetime.timedelta(days=365),
                    "category": Category.MOBILE if mobile else Category.DIRECT,
                    "branch_id": branch.pk,
                    "employer": rng.choice(_employers(city)),
                    "position": rng.choice(POSITIONS),
                    "work_city": city,
                    "occupation": rng.choices(list(Occupation.values), weights=[10, 45, 15, 10, 15, 5])[0],
                    "left_home_on": left_home,
                    "activity_certificate_no": f"AR{left_home.year}{len(rows) + 1:06d}" if mobile else "",
                    "status": status,
                    "status_since": since,
                }
            )
    return writer.insert(Member, rows, history=True)


def _posts(context, writer, members):
    """A secretary, a deputy and three committee members (支委) in every branch."""
    rng = context.rng
    full_members = {}
    for member in members:
        if member["full_member_on"] and len(full_members.setdefault(member["branch_id"], [])) < 60:
            full_members[member["branch_id"]].append(member)
    rows = []
    for branch in context.branches:
        pool = full_members.get(branch.pk, [])
        for title, member in zip(PostTitle.values, rng.sample(pool, min(5, len(pool))), strict=False):
            rows.append(
                {
                    "member_id": member["id"],
                    "branch_id": branch.pk,
                    "title": title,
                    "started_on": datetime.date(rng.choice([2018, 2021]), 7, 1),
                    "ended_on": None,
                }
            )
    writer.insert(Post, rows)
