"""Deterministic demo data reproducing the customer's article (shared/seed-article.txt).

``build(seed, members)`` fills an empty database. Each module adds one area and
receives the shared :class:`DemoContext`; the order of the calls is the order
of the dependencies (organisation, then members, then their records).
"""

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone


@dataclass
class DemoContext:
    rng: random.Random
    today: object
    member_count: int
    committee: object = None
    branches: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)


def build(seed: int = 2021, members: int | None = None, verbose=print) -> DemoContext:
    from anren_registry.demo import assistance, meetings, organisation, shuangbao

    context = DemoContext(rng=random.Random(seed), today=timezone.localdate(), member_count=members or 588)
    with transaction.atomic():
        organisation.build(context, article=members is None)
        verbose(f"组织与党员: {len(context.branches)} 个支部, {context.figures['members']} 名党员")
        shuangbao.build(context)
        verbose(f"双报一领: {context.figures.get('check_ins', 0)} 次报到, {context.figures.get('reports', 0)} 份报告")
        meetings.build(context)
        verbose(f"组织生活: {context.figures.get('meetings', 0)} 次会议")
        assistance.build(context)
        verbose("帮扶与家乡建设: 已按报道生成")
    return context
