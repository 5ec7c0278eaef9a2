"""党员队伍基本情况: members counted by gender, ethnicity, category, standing, age,
education and party standing (党龄), as on a chosen date: the members on the roll (在册),
as every board counts them.

Every figure is a conditional ``COUNT`` in one SQL query: per branch with
``values("branch_id")``, or for any member queryset at once. The items of each
group add up to the group's total, so a printed form can be checked by eye.

"As on" a date uses the dates the file keeps: who had joined by then, their age
and party standing on that day, and whether they were full members yet. Branch,
category and status are those on file today (the file keeps no dated history of
them that predates the registry).
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from branches.models import Branch
from members.models import Category, Education, Gender, Member, MemberStatus

HAN = "汉族"
# Age bands of the party's internal statistics (党内统计), inclusive.
AGE_BANDS = [(None, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, None)]
# Party standing (党龄) counts from the day a member became a full member.
STANDING_BANDS = [(None, 5), (6, 10), (11, 20), (21, 30), (31, 40), (41, 50), (51, None)]


@dataclass(frozen=True)
class Item:
    key: str
    group: str
    label: str
    condition: Q


@dataclass
class Group:
    label: str
    items: list


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _band_condition(field: str, on: datetime.date, low, high) -> Q:
    """Members whose whole years since ``field`` on ``on`` lie in [low, high]."""
    condition = Q(**{f"{field}__lte": on})
    if low is not None:
        condition &= Q(**{f"{field}__lte": years_before(on, low)})
    if high is not None:
        condition &= Q(**{f"{field}__gt": years_before(on, high + 1)})
    return condition


def _band_label(low, high, *, unit_age: bool) -> str:
    if unit_age:
        if low is None:
            return _("%(age)d and under") % {"age": high}
        if high is None:
            return _("%(age)d and over") % {"age": low}
        return _("aged %(low)d–%(high)d") % {"low": low, "high": high}
    if low is None:
        return _("%(years)d years or less") % {"years": high}
    if high is None:
        return _("%(years)d years or more") % {"years": low}
    return _("%(low)d–%(high)d years") % {"low": low, "high": high}


def profile_items(on: datetime.date) -> list[Item]:
    """The report's columns, in order. Conditions apply to Member rows that had joined by ``on``."""
    full = Q(full_member_on__isnull=False, full_member_on__lte=on)
    items = [Item("total", _("Total"), _("All members"), Q())]
    group = _("Gender")
    items += [Item(f"gender_{value}", group, label, Q(gender=value)) for value, label in Gender.choices]
    group = _("Ethnicity")
    items += [
        Item("ethnicity_han", group, _("Han"), Q(ethnicity=HAN)),
        Item("ethnicity_minority", group, _("Ethnic minorities"), ~Q(ethnicity=HAN)),
    ]
    group = _("Category")
    items += [
        Item(f"category_{value}", group, label, Q(category=value))
        for value, label in [(Category.DIRECT, _("Directly managed")), (Category.MOBILE, _("Mobile"))]
    ]
    group = _("Standing")
    items += [
        Item("standing_full", group, _("Full members"), full),
        Item("standing_probationary", group, _("Probationary"), ~full),
    ]
    group = _("Age (years)")
    items += [
        Item(f"age_{index}", group, _band_label(low, high, unit_age=True), _band_condition("birth_date", on, low, high))
        for index, (low, high) in enumerate(AGE_BANDS)
    ]
    group = _("Education")
    items += [Item(f"education_{value}", group, label, Q(education=value)) for value, label in Education.choices]
    items.append(Item("education_unknown", group, _("Not recorded"), Q(education="")))
    group = _("Party standing (years)")
    items += [
        Item(
            f"party_years_{index}",
            group,
            _band_label(low, high, unit_age=False),
            full & _band_condition("full_member_on", on, low, high),
        )
        for index, (low, high) in enumerate(STANDING_BANDS)
    ]
    items.append(Item("party_years_none", group, _("Probationary (none yet)"), ~full))
    return items


def groups_of(items: list[Item]) -> list[Group]:
    return [Group(label, list(members)) for label, members in groupby(items, key=lambda item: item.group)]


def counted_groups(items: list[Item], counts: dict) -> list[Group]:
    """The groups, each item paired with its count: ``Group(label, [(item, count), …])``."""
    return [Group(group.label, [(item, counts[item.key]) for item in group.items]) for group in groups_of(items)]


def _counts(items):
    return {item.key: Count("pk", filter=item.condition) for item in items}


def members_on(members, on: datetime.date):
    """The member files that count on ``on``: those on the roll (在册, as every board counts)
    who had joined the party by then."""
    return members.filter(status=MemberStatus.ACTIVE, joined_party_on__lte=on)


def profile_of(members, on: datetime.date) -> dict:
    """``{item key: count}`` over a member queryset, in one query."""
    items = profile_items(on)
    return members_on(members, on).aggregate(**_counts(items))


@dataclass
class ProfileReport:
    on: datetime.date
    items: list
    groups: list
    rows: list  # (branch, {key: count}) for each branch in scope, zeros included
    totals: dict


def profile_report(user, on: datetime.date) -> ProfileReport:
    """The figures of every branch the user sees, and their totals: three queries."""
    items = profile_items(on)
    members = members_on(Member.objects.visible_to(user), on)
    by_branch = {row.pop("branch_id"): row for row in members.order_by().values("branch_id").annotate(**_counts(items))}
    totals = members.aggregate(**_counts(items))
    zeros = dict.fromkeys(totals, 0)
    branches = Branch.objects.visible_to(user).select_related("committee").order_by("committee_id", "ordinal")
    rows = [(branch, by_branch.get(branch.pk, zeros)) for branch in branches]
    return ProfileReport(on=on, items=items, groups=groups_of(items), rows=rows, totals=totals)
