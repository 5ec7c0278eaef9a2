"""换届: when a branch committee's (and the committee's own) term ends, and who is due.

- 《中国共产党支部工作条例（试行）》第二十一条: a branch committee (other than a village's or a
  community's) serves 3 years; 党章 第三十一条 allows a 基层委员会 3 to 5. The years are the
  committee's settings (``Committee.branch_term_years``, ``Committee.term_years``).
- The 支部工作条例 asks the higher organisation to remind a branch whose term is ending, as a
  rule 6 months ahead (``Committee.renewal_notice_months``), and 选举工作条例 第三条 wants the
  election on time (a delay or an early election needs approval, at most a year).

The committee's 班子 — who holds its posts (书记, 副书记, 委员 with their 分工) — is
``members.CommitteePost`` (a layer above: a post may link a member file); the 换届 page lists
the current holders beside the committee's term.

``renewals(branches, today)`` is what the 换届提醒 page lists; ``renewals_due(today)`` is the
function the reminder job calls (notifications are another app's): everything due or overdue.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from lib.months import add_months


class RenewalStatus(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE = "due", _("Due within the notice period")
    CURRENT = "current", _("In term")
    UNKNOWN = "unknown", _("No election on file")


@dataclass
class Renewal:
    organisation: object  # a Branch or a Committee
    started_on: datetime.date | None
    ends_on: datetime.date | None
    notice_from: datetime.date | None
    status: str

    @property
    def is_committee(self) -> bool:
        return isinstance(self.organisation, Committee)

    def get_status_display(self) -> str:
        return str(RenewalStatus(self.status).label)


def term_of(started_on, years: int, notice_months: int, today: datetime.date) -> tuple:
    """(ends_on, notice_from, status) of a term that began on ``started_on``."""
    if started_on is None:
        return None, None, RenewalStatus.UNKNOWN
    ends_on = add_months(started_on, 12 * years)
    notice_from = add_months(ends_on, -notice_months)
    if today >= ends_on:
        return ends_on, notice_from, RenewalStatus.OVERDUE
    if today >= notice_from:
        return ends_on, notice_from, RenewalStatus.DUE
    return ends_on, notice_from, RenewalStatus.CURRENT


def renewals(branches, today: datetime.date) -> list[Renewal]:
    """The term of every branch given (dissolved ones left out), most urgent first."""
    rows = []
    for branch in branches.filter(dissolved_on__isnull=True).select_related("committee"):
        committee = branch.committee
        ends_on, notice_from, status = term_of(
            branch.term_started_on, committee.branch_term_years, committee.renewal_notice_months, today
        )
        rows.append(Renewal(branch, branch.term_started_on, ends_on, notice_from, status))
    order = list(RenewalStatus.values)
    rows.sort(key=lambda row: (order.index(row.status), row.ends_on or datetime.date.max, row.organisation.pk))
    return rows


def committee_renewal(committee, today: datetime.date) -> Renewal:
    """The committee's own 班子 and its term."""
    ends_on, notice_from, status = term_of(
        committee.term_started_on, committee.term_years, committee.renewal_notice_months, today
    )
    return Renewal(committee, committee.term_started_on, ends_on, notice_from, status)


def renewals_due(today: datetime.date, committees=None) -> list[Renewal]:
    """Every branch and committee whose 换届 is due (within the notice period) or overdue on
    ``today``: what the reminder job sends (to the committee's staff, the branch's secretary)."""
    committees = Committee.objects.all() if committees is None else committees
    branches = Branch.objects.filter(committee__in=committees)
    due = {RenewalStatus.DUE, RenewalStatus.OVERDUE}
    rows = [row for row in renewals(branches, today) if row.status in due]
    rows += [row for row in (committee_renewal(c, today) for c in committees) if row.status in due]
    return rows
