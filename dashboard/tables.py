"""The numbers behind every dashboard chart, as tables: one grouped query each, scoped.

A chart, its table page and its xlsx download all read the same :class:`Table`,
so what is drawn is what is listed and what is downloaded.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance.models import Donation, DonationKind, HelpCategory, HelpRequest, HelpStatus, InvestmentProject
from branches.models import Branch
from dashboard.kpis import branches_with_member_counts
from dashboard.links import admin_list_url, member_list_url
from dashboard.profile import profile_items
from lib.months import shift_months
from meetings.compliance import CellStatus, Granularity, compliance_matrix
from members.models import Member, MemberStatus
from shuangbao.models import CheckIn, Report

TEN_THOUSAND = Decimal(10000)


@dataclass
class Row:
    label: str
    values: list
    link: str = ""

    @property
    def total(self):
        return sum(self.values)


@dataclass
class Table:
    headers: list  # the row-label header, then one per value column
    rows: list = field(default_factory=list)
    row_totals: bool = False  # a 合计 column makes sense only when the columns add up

    @property
    def totals(self) -> list:
        return [sum(row.values[index] for row in self.rows) for index in range(len(self.headers) - 1)]

    @property
    def grand_total(self):
        return sum(self.totals)

    def spreadsheet(self):
        """Headers and rows for an xlsx sheet, totals included."""
        headers = [*self.headers, _("Total")] if self.row_totals else list(self.headers)
        rows = [[row.label, *row.values, *([row.total] if self.row_totals else [])] for row in self.rows]
        rows.append([_("Total"), *self.totals, *([self.grand_total] if self.row_totals else [])])
        return headers, rows


def _wan(amount) -> Decimal:
    """Yuan as 万元, two decimals."""
    return ((amount or Decimal(0)) / TEN_THOUSAND).quantize(Decimal("0.01"))


def _active_members(user):
    return Member.objects.visible_to(user).filter(status=MemberStatus.ACTIVE)


def members_by_branch(user, today):
    table = Table([_("Branch"), _("Directly managed"), _("Mobile")], row_totals=True)
    for branch in branches_with_member_counts(user):
        link = member_list_url(branch=branch.pk, status=MemberStatus.ACTIVE)
        table.rows.append(Row(branch.name, [branch.direct, branch.mobile], link))
    return table


def members_by_work_city(user, today):
    table = Table([_("Work city"), _("Number of members")])
    cities = _active_members(user).order_by().values("work_city").annotate(count=Count("pk"))
    for row in sorted(cities, key=lambda row: (-row["count"], row["work_city"])):
        link = member_list_url(work_city=row["work_city"], status=MemberStatus.ACTIVE)
        table.rows.append(Row(row["work_city"] or _("Not recorded"), [row["count"]], link))
    return table


def _profile_group(user, today, prefix):
    items = [item for item in profile_items(today) if item.key.startswith(prefix)]
    counts = _active_members(user).aggregate(**{item.key: Count("pk", filter=item.condition) for item in items})
    table = Table([items[0].group, _("Number of members")])
    table.rows = [Row(item.label, [counts[item.key]]) for item in items]
    return table


def members_by_age(user, today):
    return _profile_group(user, today, "age_")


def members_by_education(user, today):
    return _profile_group(user, today, "education_")


def help_requests_by_category(user, today):
    table = Table([_("Category"), *HelpStatus.labels], row_totals=True)
    counts = {
        (row["category"], row["status"]): row["count"]
        for row in HelpRequest.objects.visible_to(user)
        .order_by()
        .values("category", "status")
        .annotate(count=Count("pk"))
    }
    for value, label in HelpCategory.choices:
        link = reverse("assistance:help_request_list") + f"?category={value}"
        table.rows.append(Row(label, [counts.get((value, status), 0) for status in HelpStatus.values], link))
    return table


def meeting_compliance_by_branch(user, today):
    """三会一课 this year: per branch, the months that met every rule, missed one, or are still open."""
    table = Table([_("Branch"), _("Months met"), _("Months missed"), _("Still due")])
    branches = Branch.objects.visible_to(user).select_related("committee").order_by("committee_id", "ordinal")
    for row in compliance_matrix(branches, today.year, Granularity.MONTH, today):
        statuses = [cell.status for cell in row.cells]
        counts = [statuses.count(status) for status in (CellStatus.MET, CellStatus.MISSED, CellStatus.PENDING)]
        table.rows.append(Row(row.branch.name, counts, reverse("dashboard:branch_detail", args=[row.branch.pk])))
    return table


def funds_by_year(user, today):
    table = Table([_("Year"), _("Money (10,000 yuan)"), _("Goods at value (10,000 yuan)")], row_totals=True)
    years = (
        Donation.objects.visible_to(user)
        .annotate(year=ExtractYear("donated_on"))
        .order_by("year")
        .values("year")
        .annotate(
            money=Sum("amount", filter=Q(kind=DonationKind.MONEY)),
            goods=Sum("amount", filter=Q(kind=DonationKind.GOODS)),
        )
    )
    for row in years:
        link = admin_list_url("assistance.donation", donated_on__year=row["year"])
        table.rows.append(Row(str(row["year"]), [_wan(row["money"]), _wan(row["goods"])], link))
    return table


def projects_by_year(user, today):
    table = Table([_("Year signed"), _("Investment (10,000 yuan)"), _("Projects"), _("Jobs")])
    years = (
        InvestmentProject.objects.visible_to(user)
        .filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .order_by("year")
        .values("year")
        .annotate(amount=Sum("amount_wan"), projects=Count("pk"), jobs=Sum("jobs"))
    )
    for row in years:
        link = admin_list_url("assistance.investmentproject", signed_on__year=row["year"])
        table.rows.append(Row(str(row["year"]), [row["amount"], row["projects"], row["jobs"]], link))
    return table


def monthly_check_ins_and_reports(user, today):
    """Check-ins (报到) and reports (报告) per month over the last 12 months: counts, not rates."""
    first = shift_months(today, -11)
    months = [shift_months(first, offset) for offset in range(12)]

    def per_month(queryset, field_name):
        rows = (
            queryset.filter(**{f"{field_name}__gte": first, f"{field_name}__lte": today})
            .annotate(month=TruncMonth(field_name))
            .order_by("month")
            .values("month")
            .annotate(count=Count("pk"))
        )
        return {row["month"]: row["count"] for row in rows}

    check_ins = per_month(CheckIn.objects.visible_to(user), "checked_in_on")
    reports = per_month(Report.objects.visible_to(user), "submitted_on")
    table = Table([_("Month"), _("Check-ins"), _("Reports")])
    for month in months:
        label = date_format(month, "YEAR_MONTH_FORMAT")
        table.rows.append(Row(label, [check_ins.get(month, 0), reports.get(month, 0)]))
    return table


@dataclass(frozen=True)
class Chart:
    slug: str
    title: Promise
    build: Callable[[object, datetime.date], Table]
    kind: str  # bar, stacked_bar, horizontal_bar, line, pie
    plotted: tuple | None = None  # indices of the value columns drawn; all when None
    height: int = 320
    # A bar a branch: drawn only for a scope of several branches (one bar of "all branches"
    # on a branch's own dashboard says nothing its figures do not).
    per_branch: bool = False


CHARTS = {
    chart.slug: chart
    for chart in [
        Chart(
            "members-by-branch", gettext_lazy("Members per branch"), members_by_branch, "stacked_bar", per_branch=True
        ),
        Chart("members-by-work-city", gettext_lazy("Members by work city"), members_by_work_city, "horizontal_bar"),
        Chart("members-by-age", gettext_lazy("Members by age"), members_by_age, "bar"),
        Chart("members-by-education", gettext_lazy("Members by education"), members_by_education, "pie"),
        Chart(
            "help-requests",
            gettext_lazy("Help requests by category and status"),
            help_requests_by_category,
            "stacked_horizontal_bar",
        ),
        Chart(
            "meeting-compliance",
            gettext_lazy("Meeting compliance by branch this year"),
            meeting_compliance_by_branch,
            "stacked_bar",
            per_branch=True,
        ),
        Chart("funds-by-year", gettext_lazy("Funds raised by year"), funds_by_year, "stacked_bar"),
        Chart("projects-by-year", gettext_lazy("Investment projects by year"), projects_by_year, "bar", plotted=(0,)),
        Chart(
            "monthly-activity",
            gettext_lazy("Check-ins and reports per month"),
            monthly_check_ins_and_reports,
            "line",
        ),
    ]
}
