"""The 自行脱党 warning: one list of the members showing any of 党章 第九条's three signs.

《中国共产党章程》第九条: 党员如果没有正当理由, 连续六个月不参加党的组织生活, 或不交纳党费,
或不做党所分配的工作, 就被认为是自行脱党. Each sign is a fact another app holds — the
meetings' attendance, the dues' months paid, the tasks a member claimed — so each app adds
its sign from its ``AppConfig.ready()`` with ``add_sign`` (members sits below them and
imports none). The list is a warning for the branch to look into, not a decision: 除名 is
a status change with its meeting (members.lifecycle), and 失联 is a status of its own with
its search log (members.worklists).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from members.models import MemberStatus

# 党章 第九条: six consecutive months.
LAPSE_MONTHS = 6


@dataclass(frozen=True)
class Sign:
    key: str
    label: str
    # (members, today) → the members among ``members`` showing the sign.
    members: Callable[[QuerySet, datetime.date], QuerySet]


SIGNS: dict[str, Sign] = {}


def add_sign(key: str, label, members: Callable[[QuerySet, datetime.date], QuerySet]) -> None:
    SIGNS[key] = Sign(key, label, members)


def lapse_warnings(members: QuerySet, today: datetime.date | None = None, sign: str = "") -> QuerySet:
    """The members on the roll among ``members`` showing a sign (or the sign ``sign``), each
    with a boolean ``sign_<key>`` per sign: one query, each sign a subquery of its own."""
    today = today or timezone.localdate()
    members = members.filter(status=MemberStatus.ACTIVE)
    signs = [SIGNS[sign]] if sign in SIGNS else list(SIGNS.values())
    if not signs:
        return members.none()
    subqueries = {s.key: s.members(members, today).order_by().values("pk") for s in signs}
    annotations = {
        f"sign_{key}": Case(When(pk__in=pks, then=Value(True)), default=Value(False), output_field=BooleanField())
        for key, pks in subqueries.items()
    }
    showing = Q()
    for pks in subqueries.values():
        showing |= Q(pk__in=pks)
    return members.filter(showing).annotate(**annotations)
