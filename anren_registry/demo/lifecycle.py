"""A member's life in the demo: the article's named people, every status in believable numbers,
transfers out waiting for receipts, a 转入, 失联 members with their search logs, one suspended,
and the 流动党员活动证 (some near expiry).

The 588 files of the article stay 在册 (138 直管, 450 流动); the files of members who left the
roll (回乡, 转出, 失联 …) are added beside them, as the registry keeps every file.
"""

import datetime

from simple_history.utils import bulk_create_with_history

from anren_registry.demo.names import AREA_CODE, TOWNSHIPS, full_name, mobile_phone
from anren_registry.demo.return_posts import ELECTED_POST
from assistance.models import ApplicationStatus, ReturnApplication, ReturnPost
from branches.home import HomeOrganisationIndex
from branches.models import HomeOrganisation
from lib.months import add_months
from members.id_number import make_id_number
from members.models import (
    ActivityCertificate,
    Category,
    CertificateStatus,
    CommitteePost,
    ContactAttempt,
    Gender,
    Member,
    MemberStatus,
    Post,
    PostTitle,
    SearchWay,
    StatusChange,
    Transfer,
    TransferKind,
    TransferStatus,
    Transition,
)

VILLAGE_SECRETARIES = [
    ("永乐江镇", "新洲村"),
    ("安平镇", "坪上村"),
    ("灵官镇", "莽山村"),
]


def build(context):
    rng, today = context.rng, context.today
    committee = context.committee
    branches = {branch.ordinal: branch for branch in context.branches}
    _named_people(context, branches)
    used = set(Member.objects.values_list("id_number", flat=True))
    homes = {home.full_name: home for home in HomeOrganisation.objects.all()}

    def person(branch, *, category, status, since, male=True, **fields):
        born = datetime.date(rng.randrange(1960, 1995), rng.randrange(1, 13), rng.randrange(1, 29))
        while True:
            number = make_id_number(AREA_CODE, born, rng.randrange(500, 999) * 2 + (1 if male else 0))
            if number not in used:
                used.add(number)
                break
        township = fields.pop("township", None) or rng.choice(list(TOWNSHIPS))
        village = fields.pop("village", None) or rng.choice(TOWNSHIPS[township])
        joined = born + datetime.timedelta(days=365 * rng.randrange(22, 30))
        return Member(
            name=fields.pop("name", None) or full_name(rng, male),
            gender=Gender.MALE if male else Gender.FEMALE,
            birth_date=born,
            id_number=number,
            phone=mobile_phone(rng),
            hometown_township=township,
            hometown_village=village,
            home_organisation=homes.get(f"中共安仁县{township}{village}支部委员会")
            if category == Category.MOBILE
            else None,
            joined_party_on=joined,
            full_member_on=joined + datetime.timedelta(days=365),
            category=category,
            branch=branch,
            work_city=branch.city,
            left_home_on=min(joined + datetime.timedelta(days=400), today - datetime.timedelta(days=900)),
            status=status,
            status_since=since,
            **fields,
        )

    rows = []
    # The three members elected village secretaries in the 2021 elections: back home with the post.
    elected = datetime.date(2021, 3, 20)
    for index, (township, village) in enumerate(VILLAGE_SECRETARIES):
        rows.append(
            (
                person(
                    branches[index + 1],
                    category=Category.MOBILE,
                    status=MemberStatus.RETURNED,
                    since=elected,
                    township=township,
                    village=village,
                    position=f"{township}{village}党支部书记",
                    notes="2021年村级换届回乡，当选村党支部书记。",
                ),
                [
                    (
                        Transition.RETURNED_HOME,
                        MemberStatus.ACTIVE,
                        MemberStatus.RETURNED,
                        elected,
                        "2021年村级换届当选村党支部书记",
                    )
                ],
            )
        )
    # 陈达: built his electronics firm in Guangdong, then went home to start up (回乡创业).
    chen_da_home = datetime.date(2019, 5, 1)
    rows.append(
        (
            person(
                branches[4],  # 第四党支部: his way in is in the demo's 发展党员 (demo/development.py)
                category=Category.MOBILE,
                status=MemberStatus.RETURNED,
                since=chen_da_home,
                name="陈达",
                employer="安仁安达电子",
                position="负责人",
                notes="在广东办厂起步，回乡创业。",
            ),
            [(Transition.RETURNED_HOME, MemberStatus.ACTIVE, MemberStatus.RETURNED, chen_da_home, "回乡创业")],
        )
    )
    for _ in range(4):
        day = today - datetime.timedelta(days=rng.randrange(60, 900))
        rows.append(
            (
                person(rng.choice(context.branches), category=Category.MOBILE, status=MemberStatus.RETURNED, since=day),
                [(Transition.RETURNED_HOME, MemberStatus.ACTIVE, MemberStatus.RETURNED, day, "返乡务农")],
            )
        )
    # 失联: two lost over 6 months and searched (应停止党籍), two recently.
    lost = []
    for months in (14, 8, 3, 1):
        day = add_months(today, -months)
        member = person(
            rng.choice(context.branches), category=Category.MOBILE, status=MemberStatus.LOST_CONTACT, since=day
        )
        rows.append(
            (member, [(Transition.LOST, MemberStatus.ACTIVE, MemberStatus.LOST_CONTACT, day, "电话停机，微信无回复")])
        )
        lost.append(member)
    # One suspended a year ago after 8 months lost; one removed in 2023 (自行脱党, 党章 第九条).
    lost_on, suspended_on = add_months(today, -20), add_months(today, -12)
    suspended = person(branches[5], category=Category.MOBILE, status=MemberStatus.SUSPENDED, since=suspended_on)
    rows.append(
        (
            suspended,
            [
                (Transition.LOST, MemberStatus.ACTIVE, MemberStatus.LOST_CONTACT, lost_on, "多方联系未果"),
                (
                    Transition.SUSPENDED,
                    MemberStatus.LOST_CONTACT,
                    MemberStatus.SUSPENDED,
                    suspended_on,
                    "支部党员大会决议",
                ),
            ],
        )
    )
    lost.append(suspended)
    removed_on = datetime.date(2023, 9, 12)
    rows.append(
        (
            person(branches[7], category=Category.MOBILE, status=MemberStatus.REMOVED, since=removed_on),
            [
                (
                    Transition.REMOVED,
                    MemberStatus.ACTIVE,
                    MemberStatus.REMOVED,
                    removed_on,
                    "自行脱党，支部党员大会决定除名",
                )
            ],
        )
    )
    expelled_on = datetime.date(2022, 11, 8)
    rows.append(
        (
            person(branches[9], category=Category.DIRECT, status=MemberStatus.EXPELLED, since=expelled_on),
            [(Transition.EXPELLED, MemberStatus.ACTIVE, MemberStatus.EXPELLED, expelled_on, "因违纪受到开除党籍处分")],
        )
    )
    for _ in range(2):
        day = today - datetime.timedelta(days=rng.randrange(100, 1500))
        rows.append(
            (
                person(rng.choice(context.branches), category=Category.DIRECT, status=MemberStatus.DECEASED, since=day),
                [(Transition.DIED, MemberStatus.ACTIVE, MemberStatus.DECEASED, day, "因病去世")],
            )
        )
    # Transfers: 段志辉 went home to his company's branch (转出, receipt back); three more out,
    # three waiting for their receipts (two overdue).
    out_rows = []
    duan_on = datetime.date(2019, 3, 15)
    duan = person(
        branches[5],
        category=Category.DIRECT,
        status=MemberStatus.TRANSFERRED,
        since=duan_on + datetime.timedelta(days=20),
        name="段志辉",
        employer="安仁段氏新能源有限公司",
        position="总经理、公司党支部书记",
    )
    out_rows.append((duan, "中共安仁段氏新能源有限公司支部委员会", duan_on, duan_on + datetime.timedelta(days=20)))
    for _ in range(3):
        issued = today - datetime.timedelta(days=rng.randrange(200, 1000))
        member = person(
            rng.choice(context.branches), category=Category.DIRECT, status=MemberStatus.TRANSFERRED, since=issued
        )
        out_rows.append(
            (
                member,
                f"中共安仁县{member.hometown_township}{member.hometown_village}支部委员会",
                issued,
                issued + datetime.timedelta(days=rng.randrange(10, 60)),
            )
        )
    for days in (150, 110, 20):
        issued = today - datetime.timedelta(days=days)
        member = person(
            rng.choice(context.branches), category=Category.DIRECT, status=MemberStatus.PENDING_TRANSFER, since=issued
        )
        # The one of 110 days goes home to 新洲村: it waits on the demo village's list for its 回执.
        organisations = {20: "中共东莞市长安镇委员会", 110: "中共安仁县永乐江镇新洲村支部委员会"}
        out_rows.append(
            (
                member,
                organisations.get(days, f"中共安仁县{member.hometown_township}委员会"),
                issued,
                None,
            )
        )

    members = [member for member, _steps in rows] + [member for member, *_rest in out_rows]
    bulk_create_with_history(members, Member, batch_size=500, default_change_reason="演示数据")
    by_number = {
        member.id_number: member for member in Member.objects.filter(id_number__in=[m.id_number for m in members])
    }
    staff = context.users.get("committee")
    # The three elected in 2021 are the 回引 call's placed members (assistance.return_posts).
    elected_post = ReturnPost.objects.get(committee=committee, name=ELECTED_POST)
    ReturnApplication.objects.bulk_create(
        ReturnApplication(
            post=elected_post,
            member=by_number[member.id_number],
            applied_on=datetime.date(2021, 1, 10),
            status=ApplicationStatus.SERVING,
            term_starts_on=datetime.date(2021, 3, 1),
            note="当选村党支部书记",
        )
        for member, _steps in rows[: len(VILLAGE_SECRETARIES)]
    )
    changes = []
    for member, steps in rows:
        saved = by_number[member.id_number]
        for transition, old, new, day, note in steps:
            changes.append(
                StatusChange(
                    member=saved,
                    transition=transition,
                    from_status=old,
                    to_status=new,
                    changed_on=day,
                    decision="支部党员大会决议"
                    if transition in {Transition.SUSPENDED, Transition.REMOVED, Transition.EXPELLED}
                    else "",
                    approved_by=committee.name if transition in {Transition.REMOVED, Transition.EXPELLED} else "",
                    note=note,
                    recorded_by=staff,
                )
            )
    transfers = []
    # A letter naming one of the county's home organisations is addressed to it (its 回执 on
    # the village pages), as members.transfers.start_transfer_out does.
    homes = HomeOrganisationIndex.load()
    for number, (member, organisation, issued, received) in enumerate(out_rows, start=1):
        saved = by_number[member.id_number]
        transfers.append(
            Transfer(
                member=saved,
                kind=TransferKind.OUT,
                status=TransferStatus.DONE if received else TransferStatus.PENDING,
                from_branch=saved.branch,
                organisation=organisation,
                to_home=homes.match(organisation),
                letter_number=f"粤安流转〔{issued.year}〕{number}号",
                issued_on=issued,
                completed_on=received,
                receipt_note="回执已收回" if received else "",
                reason="回乡创业" if saved.name == "段志辉" else "工作调动",
                created_by=staff,
            )
        )
        changes.append(
            StatusChange(
                member=saved,
                transition=Transition.TRANSFER_OUT,
                from_status=MemberStatus.ACTIVE,
                to_status=MemberStatus.PENDING_TRANSFER,
                changed_on=issued,
                decision=f"介绍信 粤安流转〔{issued.year}〕{number}号",
                note=f"转往{organisation}",
                recorded_by=staff,
            )
        )
        if received:
            changes.append(
                StatusChange(
                    member=saved,
                    transition=Transition.TRANSFER_RECEIVED,
                    from_status=MemberStatus.PENDING_TRANSFER,
                    to_status=MemberStatus.TRANSFERRED,
                    changed_on=received,
                    note=f"{organisation}回执",
                    recorded_by=staff,
                )
            )
    # A 转入: a directly managed member of 第一党支部 whose relation came from 东莞 in 2023.
    newcomer = Member.objects.filter(branch=branches[1], category=Category.DIRECT, status=MemberStatus.ACTIVE).order_by(
        "pk"
    )[3]
    transfers.append(
        Transfer(
            member=newcomer,
            kind=TransferKind.IN,
            status=TransferStatus.DONE,
            to_branch=newcomer.branch,
            to_committee=committee,
            organisation="中共东莞市长安镇委员会",
            letter_number="长组转〔2023〕17号",
            issued_on=datetime.date(2023, 4, 3),
            completed_on=datetime.date(2023, 4, 10),
            created_by=staff,
        )
    )
    Transfer.objects.bulk_create(transfers)
    StatusChange.objects.bulk_create(changes)

    attempts = []
    for member in lost:
        saved = by_number[member.id_number]
        start = member.status_since if member.status == MemberStatus.LOST_CONTACT else lost_on
        for step, (way, result) in enumerate(
            [
                (SearchWay.PHONE, "电话停机"),
                (SearchWay.WECHAT, "微信未回复"),
                (SearchWay.HOME_VILLAGE, "村支部反映本人长期未回乡"),
                (SearchWay.EMPLOYER, "原单位称已离职"),
            ][: 2 if member.status_since and (today - member.status_since).days < 60 else 4]
        ):
            attempts.append(
                ContactAttempt(
                    member=saved,
                    tried_on=min(start + datetime.timedelta(days=7 + 20 * step), today),
                    tried_by=f"{saved.branch.name}书记",
                    way=way,
                    result=result,
                    recorded_by=staff,
                )
            )
    bulk_create_with_history(attempts, ContactAttempt, default_change_reason="演示数据")
    _certificates(context)
    context.figures["left_the_roll"] = len(members)


def _named_people(context, branches):
    """The people the article names, on files of the 588 (their roles on their files)."""
    rng = context.rng

    def rename(member, name, **fields):
        Member.objects.filter(pk=member.pk).update(name=name, **fields)

    direct = Member.objects.filter(category=Category.DIRECT, status=MemberStatus.ACTIVE)
    mobile = Member.objects.filter(category=Category.MOBILE, status=MemberStatus.ACTIVE)
    # 谭泽华: the committee's secretary (流动党委书记), a directly managed member of 第一党支部.
    rename(
        direct.filter(branch=branches[1], full_member_on__isnull=False).order_by("pk").first(),
        "谭泽华",
        position="流动党委书记",
        gender=Gender.MALE,
    )
    # 何军: the secretary of 第三党支部 (the current holder of the post).
    he = Post.objects.filter(branch=branches[3], title=PostTitle.SECRETARY, ended_on__isnull=True).first()
    if he:
        rename(he.member, "何军", position="第三党支部书记")
    # 陈晓星: the former secretary of 第四党支部 (2012–2018).
    chen = (
        direct.filter(branch=branches[4], full_member_on__isnull=False)
        .exclude(posts__isnull=False)
        .order_by("pk")
        .first()
    )
    rename(chen, "陈晓星", position="第四党支部原书记")
    Post.objects.create(
        member=chen,
        branch=branches[4],
        title=PostTitle.SECRETARY,
        started_on=datetime.date(2012, 7, 1),
        ended_on=datetime.date(2018, 6, 30),
    )
    # 侯建文: a mobile member working in 东莞.
    hou = mobile.filter(branch__city="东莞").order_by("pk")[5]
    rename(hou, "侯建文", work_city="东莞")
    # 罗锦平: from 东莞, member of the 安仁比卓电子信息项目's temporary branch committee.
    luo = mobile.filter(branch__city="东莞").order_by("pk")[9]
    rename(luo, "罗锦平", employer="东莞比卓公司", position="安仁比卓电子信息项目临时党支部委员")
    _committee_team(context, branches)
    del rng


# The committee's own 班子 (党委委员会), elected on the committee's term_started_on: 谭泽华 its
# secretary, a deputy and three members from the branch secretaries (issue 18).
TEAM = [(5, "deputy_secretary", ""), (2, "member", "组织委员"), (6, "member", "宣传委员"), (7, "member", "纪检委员")]


def _committee_team(context, branches):
    committee = context.committee
    elected = committee.term_started_on
    secretary = Member.objects.get(name="谭泽华")
    posts = [
        CommitteePost(committee=committee, name=secretary.name, member=secretary, title="secretary", started_on=elected)
    ]
    for ordinal, title, duty in TEAM:
        post = Post.objects.filter(branch=branches[ordinal], title=PostTitle.SECRETARY, ended_on__isnull=True).first()
        if post:
            posts.append(
                CommitteePost(
                    committee=committee,
                    name=post.member.name,
                    member=post.member,
                    title=title,
                    duty=duty,
                    started_on=elected,
                )
            )
    bulk_create_with_history(posts, CommitteePost, default_change_reason="演示数据")


def _certificates(context):
    """A 流动党员活动证 for each mobile member on the roll, issued by the home organisation;
    about one in forty runs out within 60 days, a few already have."""
    rng, today = context.rng, context.today
    months = context.committee.certificate_validity_months
    rows = []
    members = Member.objects.filter(category=Category.MOBILE, status=MemberStatus.ACTIVE).exclude(
        activity_certificate_no=""
    )
    for member in members.select_related("home_organisation").order_by("pk").iterator(chunk_size=500):
        roll = rng.random()
        if roll < 0.025:
            valid_until = today + datetime.timedelta(days=rng.randrange(1, 60))
        elif roll < 0.035:
            valid_until = today - datetime.timedelta(days=rng.randrange(1, 40))
        else:
            valid_until = today + datetime.timedelta(days=rng.randrange(61, 330))
        issued = add_months(valid_until, -months)
        rows.append(
            ActivityCertificate(
                member=member,
                number=member.activity_certificate_no,
                issued_by=member.home_organisation_display or "中共安仁县委组织部",
                issued_on=min(issued, today),
                valid_until=valid_until,
                status=CertificateStatus.VALID,
            )
        )
    bulk_create_with_history(rows, ActivityCertificate, batch_size=1000, default_change_reason="演示数据")
