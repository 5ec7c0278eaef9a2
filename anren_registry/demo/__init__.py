"""Deterministic demo data reproducing the customer's article (shared/seed-article.txt).

``build(seed, members)`` fills an empty database. Each module adds one area and
receives the shared :class:`DemoContext`; the order of the calls is the order
of the dependencies (organisation, then members, then their records). With
``members`` the scaled demo (:mod:`anren_registry.demo.scale`) builds many
committees instead, with bulk writes.
"""

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from anren_registry.demo import (
    appraisals,
    assistance,
    development,
    dues,
    lifecycle,
    meetings,
    organisation,
    reminders,
    scale,
    selfservice,
    shuangbao,
    village,
)
from anren_registry.demo.bulk import BulkWriter
from branches.anren import ensure_home_organisations
from members.models import Member

# What the dues demo reads of each member.
DUES_FIELDS = ["id", "branch_id", "joined_party_on", "birth_date", "occupation", "category", "status"]


@dataclass
class DemoContext:
    rng: random.Random
    today: object
    member_count: int
    committee: object = None
    committees: list = field(default_factory=list)
    area_codes: dict = field(default_factory=dict)
    branches: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)


def build(seed: int = 2021, members: int | None = None, verbose=print) -> DemoContext:
    context = DemoContext(rng=random.Random(seed), today=timezone.localdate(), member_count=members or 588)
    # The county's list of home organisations: seeded by a migration, gone after a --reset.
    ensure_home_organisations()
    if members is not None:
        with transaction.atomic():
            scale.build(context, verbose)
            # The article's campaigns, projects and cases, in its committee.
            assistance.build(context)
        scale.vacuum_analyze()
        verbose(f"共写入 {context.figures['rows']} 行 (含历史记录)")
        return context
    with transaction.atomic():
        organisation.build(context)
        verbose(f"组织与党员: {len(context.branches)} 个支部, {context.figures['members']} 名党员")
        shuangbao.build(context)
        verbose(f"双报一领: {context.figures.get('check_ins', 0)} 次报到, {context.figures.get('reports', 0)} 份报告")
        meetings.build(context)
        verbose(f"组织生活: {context.figures.get('meetings', 0)} 次会议")
        assistance.build(context)
        verbose("帮扶与家乡建设: 已按报道生成")
        lifecycle.build(context)
        verbose(f"党籍与转接: {context.figures['left_the_roll']} 份不在册档案")
        development.build(context)
        figures = context.figures
        verbose(f"发展党员: {figures['development_records']} 份发展记录, {figures['development_steps']} 个步骤")
        village.build(context, password=context.users["admin"].password)  # the same hash
        selfservice.build(
            context,
            password=context.users["admin"].password,
            village=context.users["village"].staff_scope.home_organisation,
        )
        verbose(
            f"党员自助: 演示党员 {context.figures['member']} (账号 member), {context.figures['notices']} 条通知公告"
        )
        appraisals.build(context)
        verbose(f"民主评议: {context.figures['appraisals']} 人次 (去年全部支部, 今年进行中)")
        verbose(f"流出地: 新洲村党支部 {context.figures['village_members']} 名外出党员 (账号 village)")
        dues.build(context, BulkWriter(), list(Member.objects.values(*DUES_FIELDS)), history=True)
        verbose(f"党费: {context.figures['dues_payments']} 笔交纳, {context.figures['dues_months']} 个人月")
        reminders.build(context)
        verbose(f"提醒: 昨日 08:30 的每日提醒已发出 {context.figures['reminders']} 条 (发送记录)")
    return context
