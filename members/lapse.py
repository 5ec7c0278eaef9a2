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

from django.db.models import Q, QuerySet
from django.utils import timezone

from members.models import Member, MemberStatus

# 党章 第九条: six consecutive months.
LAPSE_MONTHS = 6


@dataclass(frozen=True)
class Sign:
    key: str
    label: str
    short: str  # the list's column heading
    # (members, today) → the members among ``members`` showing the sign.
    members: Callable[[QuerySet, datetime.date], QuerySet]


SIGNS: dict[str, Sign] = {}
# The order of 第九条's text, whatever order the apps are loaded in.
ORDER = ("no_life", "no_dues", "no_work")


def add_sign(key: str, label, short, members: Callable[[QuerySet, datetime.date], QuerySet]) -> None:
    SIGNS[key] = Sign(key, label, short, members)
    for known in sorted(SIGNS, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER)):
        SIGNS[known] = SIGNS.pop(known)


def chosen(sign: str = "") -> list[Sign]:
    """The sign ``sign`` if it is one, else every sign, in 第九条's order."""
    return [SIGNS[sign]] if sign in SIGNS else list(SIGNS.values())


def lapse_warnings(members: QuerySet, today: datetime.date | None = None, sign: str = "") -> QuerySet:
    """The members on the roll among ``members`` showing a sign (or the sign ``sign``): one
    query, each sign an uncorrelated subquery the database runs once."""
    today = today or timezone.localdate()
    members = members.filter(status=MemberStatus.ACTIVE)
    showing = Q(pk__in=[])
    for each in chosen(sign):
        showing |= Q(pk__in=each.members(members, today).order_by().values("pk"))
    return members.filter(showing)


def signs_of(members, today: datetime.date | None = None) -> dict[int, set[str]]:
    """Which signs each of ``members`` (a page of the list) shows: one small query per sign,
    asked about these members only."""
    today = today or timezone.localdate()
    pks = [member.pk for member in members]
    found = {pk: set() for pk in pks}
    if not pks:
        return found
    page = Member.objects.filter(pk__in=pks)
    for each in SIGNS.values():
        for pk in each.members(page, today).order_by().values_list("pk", flat=True):
            found[pk].add(each.key)
    return found
