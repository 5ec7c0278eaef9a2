"""三会一课 compliance: each branch's rhythm checked against its committee's rules."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.months import MONTHS_PER_PERIOD, month_end, month_start
from meetings.models import ComplianceRule, Frequency, Meeting, MeetingKind, MeetingStatus, PartyGroup

# --- the rules -----------------------------------------------------------------------------

# The national rhythm, each committee's default (《中国共产党支部工作条例（试行）》): 党员大会
# quarterly (第十一条), 支部委员会会议 monthly (第十二条), 党小组会 monthly (第十三条), 主题党日
# monthly (第十九条, the fixed day each month), 党课 quarterly (第十九条 says 按期; quarterly is the
# usual reading of 三会一课), 组织生活会 and 民主评议党员 yearly (第二十条, 第二十一条). A committee
# that applies it differently changes its rules on the settings page, not the code.
NATIONAL_RULES = {
    MeetingKind.GENERAL: Frequency.QUARTERLY,
    MeetingKind.COMMITTEE: Frequency.MONTHLY,
    MeetingKind.GROUP: Frequency.MONTHLY,
    MeetingKind.LECTURE: Frequency.QUARTERLY,
    MeetingKind.THEMED_DAY: Frequency.MONTHLY,
    MeetingKind.LIFE_MEETING: Frequency.YEARLY,
    MeetingKind.APPRAISAL: Frequency.YEARLY,
}
# Kinds a rule can be set for: "other" (重温入党誓词, 集体生日 …) has no rhythm.
RULED_KINDS = [kind for kind in MeetingKind if kind != MeetingKind.OTHER]


def rules_of(committee) -> dict:
    """The committee's rules, kind → frequency (a kind without a rule is not checked)."""
    return dict(committee.compliance_rules.values_list("kind", "frequency"))


@transaction.atomic
def set_rules(committee, rules: dict) -> list:
    """Make the committee's rules exactly ``rules`` (kind → frequency, or empty: not checked),
    row by row so that the history keeps each change; returns the kinds that changed."""
    current = {rule.kind: rule for rule in ComplianceRule.objects.select_for_update().filter(committee=committee)}
    changed = []
    for kind in RULED_KINDS:
        wanted, rule = rules.get(kind) or "", current.get(kind)
        if rule is not None and not wanted:
            rule.delete()
        elif rule is None and wanted:
            ComplianceRule.objects.create(committee=committee, kind=kind, frequency=wanted)
        elif rule is not None and rule.frequency != wanted:
            rule.frequency = wanted
            rule.save(update_fields=["frequency"])
        else:
            continue
        changed.append(kind)
    return changed


# --- compliance --------------------------------------------------------------------------


class Granularity(models.TextChoices):
    """What one cell of the matrix spans."""

    MONTH = "month", gettext_lazy("By month")
    QUARTER = "quarter", gettext_lazy("By quarter")

    @property
    def months(self) -> int:
        return 3 if self == Granularity.QUARTER else 1


class CellStatus(models.TextChoices):
    MET = "met", gettext_lazy("Met")
    MISSED = "missed", gettext_lazy("Missed")  # a rule whose period is over was not met
    PENDING = "pending", gettext_lazy("Still due")  # … can still be met
    FUTURE = "future", gettext_lazy("Not begun")
    NOT_APPLICABLE = "n/a", gettext_lazy("Not applicable")  # the branch was founded later or dissolved


@dataclass
class Cell:
    start: datetime.date
    end: datetime.date
    count: int = 0
    status: str = CellStatus.MET
    missing: list = field(default_factory=list)


@dataclass
class MatrixRow:
    branch: object
    cells: list

    @property
    def missed(self):
        return sum(cell.status == CellStatus.MISSED for cell in self.cells)


def period_label(year: int, first_month: int, granularity: str) -> str:
    if granularity == Granularity.QUARTER:
        return _("Q%(quarter)d") % {"quarter": (first_month - 1) // 3 + 1}
    return _("Month %(month)d") % {"month": first_month}


def compliance_matrix(
    branches, year: int, granularity: str = Granularity.MONTH, today=None, months: range = range(1, 13)
) -> list[MatrixRow]:
    """Branches × months (or quarters) of ``year``: did each branch hold every kind of
    meeting its committee's rules ask for?

    A rule's period is judged in the cell where it ends: a quarterly 党课 in the
    quarter's last month, a yearly 组织生活会 in December. A cell is green when every
    rule ending in it was met, red when one whose period is over was not, pending
    while one can still be met, and future before it begins. Three queries whatever
    the size: the rules, the meetings grouped (branch × kind × month × 党小组), the 党小组. ``months``
    narrows the matrix to part of the year (whole cells: quarters start in months
    1, 4, 7 and 10).
    """
    today = today or timezone.localdate()
    branches = list(branches)
    months_per_cell = Granularity(granularity).months
    # Enum ``values`` is rebuilt on every access: read it once, outside the loops.
    kinds = MeetingKind.values
    rules = defaultdict(list)
    for committee_id, kind, frequency in ComplianceRule.objects.filter(
        committee__in={branch.committee_id for branch in branches}
    ).values_list("committee_id", "kind", "frequency"):
        rules[committee_id].append((kind, frequency))
    for committee_rules in rules.values():
        committee_rules.sort(key=lambda rule: kinds.index(rule[0]))
    held = defaultdict(int)
    held_in_month = defaultdict(int)
    # 党小组会 monthly per group (支部工作条例 第十三条): a branch with groups needs a meeting of
    # each of them; a branch without groups, any 党小组会. The meetings are read in one grouped
    # query (branch × kind × month × group, the group only for a 党小组会 of one group), from
    # January: a yearly rule judged in a later cell counts meetings of the whole year.
    group_held = set()
    grouped = (
        Meeting.objects.filter(
            branch__in=branches,
            status=MeetingStatus.HELD,  # a published meeting counts once it is held
            held_on__range=(month_start(year, 1), month_end(year, months[-1])),
        )
        .annotate(month=ExtractMonth("held_on"))
        .values_list("branch_id", "kind", "month", "party_group_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for branch_id, kind, month, group_id, total in grouped:
        held[branch_id, kind, month] += total
        held_in_month[branch_id, month] += total
        if group_id is not None and kind == MeetingKind.GROUP:
            group_held.add((group_id, month))
    # The groups of the branches, one more query.
    groups = defaultdict(list)
    for group_id, branch_id, name in (
        PartyGroup.objects.filter(branch__in=branches)
        .order_by("branch_id", "name")
        .values_list("pk", "branch_id", "name")
    ):
        groups[branch_id].append((group_id, name))
    kind_labels = {kind: str(label) for kind, label in MeetingKind.choices}
    starts = {month: month_start(year, month) for month in range(1, 13)}
    ends = {month: month_end(year, month) for month in range(1, 13)}
    rows = []
    for branch in branches:
        cells = []
        for first in range(months[0], months[-1] + 1, months_per_cell):
            cell_months = range(first, first + months_per_cell)
            cell = Cell(start=starts[first], end=ends[cell_months[-1]])
            cell.count = sum(held_in_month.get((branch.pk, month), 0) for month in cell_months)
            if (branch.founded_on and branch.founded_on > cell.end) or (
                branch.dissolved_on and branch.dissolved_on < cell.start
            ):
                cell.status = CellStatus.NOT_APPLICABLE
                cells.append(cell)
                continue
            if cell.start > today:
                cell.status = CellStatus.FUTURE
                cells.append(cell)
                continue
            missed = outstanding = False
            for kind, frequency in rules[branch.committee_id]:
                span = MONTHS_PER_PERIOD[frequency]
                # The rule periods of this kind that end inside the cell.
                for last in cell_months:
                    if last % span:
                        continue
                    rule_months = range(last - span + 1, last + 1)
                    start, end = starts[rule_months[0]], ends[last]
                    if start > today:
                        continue  # not begun yet: nothing is due
                    if (branch.founded_on and branch.founded_on > start) or (
                        branch.dissolved_on and branch.dissolved_on < end
                    ):
                        continue
                    if kind == MeetingKind.GROUP and groups.get(branch.pk):
                        names = [
                            name
                            for group_id, name in groups[branch.pk]
                            if not any((group_id, month) in group_held for month in rule_months)
                        ]
                        if not names:
                            continue
                        label = _("%(kind)s (%(groups)s)") % {"kind": kind_labels[kind], "groups": "、".join(names)}
                    elif any(held.get((branch.pk, kind, month)) for month in rule_months):
                        continue
                    else:
                        label = kind_labels[kind]
                    if span < months_per_cell:
                        label = _("%(kind)s (month %(month)d)") % {"kind": label, "month": last}
                    cell.missing.append(label)
                    if end < today:
                        missed = True
                    else:
                        outstanding = True
            cell.status = CellStatus.MISSED if missed else CellStatus.PENDING if outstanding else CellStatus.MET
            cells.append(cell)
        rows.append(MatrixRow(branch=branch, cells=cells))
    return rows
