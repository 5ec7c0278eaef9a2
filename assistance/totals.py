"""Totals of care and hometown work, summed from the records in the user's scope.

Every figure on the 帮扶成效 page comes from here; nothing is a constant, so the page
matches the article exactly as far as the records do.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from assistance.models import (
    OPEN_ENDED_STATUSES,
    Beneficiary,
    BeneficiaryKind,
    Campaign,
    Donation,
    DonationKind,
    HelpRequest,
    HelpStatus,
    InvestmentProject,
    JobFair,
    JobReferral,
    ProjectStage,
    ReturnApplication,
    Visit,
    VisitReason,
)
from assistance.services import PLACE_HOLDING
from branches.models import Branch, PairedVillage

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))


def _sum(field, **filters):
    return Coalesce(Sum(field, filter=Q(**filters) if filters else None), ZERO)


def _per_campaign(queryset, aggregate, output=None):
    """A correlated subquery: ``aggregate`` over ``queryset``'s rows of the outer campaign, 0 when none.

    Subqueries rather than joins: summing donations and counting beneficiaries in one
    grouped join would multiply each by the other.
    """
    output = output or IntegerField()
    inner = queryset.order_by().values("campaign").annotate(total=aggregate).values("total")
    zero = Value(0, output_field=output) if isinstance(output, IntegerField) else ZERO
    return Coalesce(Subquery(inner, output_field=output), zero)


def with_campaign_totals(campaigns):
    """Campaigns annotated with money, goods (items and value) and beneficiaries, in one query."""
    donations = Donation.objects.filter(campaign=OuterRef("pk"))
    goods = donations.filter(kind=DonationKind.GOODS)
    money = DecimalField(max_digits=16, decimal_places=2)
    return campaigns.annotate(
        money=_per_campaign(donations.filter(kind=DonationKind.MONEY), Sum("amount"), money),
        goods_value=_per_campaign(goods, Sum("amount"), money),
        goods_items=_per_campaign(goods, Sum("quantity")),
        donation_count=_per_campaign(donations, Count("pk")),
        beneficiary_count=_per_campaign(Beneficiary.objects.filter(campaign=OuterRef("pk")), Count("pk")),
    )


def donations_by_year(donations):
    return list(
        donations.annotate(year=ExtractYear("donated_on"))
        .values("year")
        .annotate(
            count=Count("pk"),
            money=_sum("amount", kind=DonationKind.MONEY),
            goods_value=_sum("amount", kind=DonationKind.GOODS),
            goods_items=Coalesce(Sum("quantity", filter=Q(kind=DonationKind.GOODS)), 0),
        )
        .order_by("-year")
    )


def visits_by_year(visits):
    rows = list(
        visits.annotate(year=ExtractYear("visited_on"))
        .values("year")
        .annotate(count=Count("pk"), cash=_sum("cash"), goods_value=_sum("goods_value"))
        .order_by("-year")
    )
    for row in rows:
        row["total"] = row["cash"] + row["goods_value"]
    return rows


def job_totals(referrals, fairs):
    totals = referrals.aggregate(
        placed=Count("pk"),
        poor=Count("pk", filter=Q(poverty_household=True)),
        average_wage=Avg("monthly_wage"),
    )
    totals.update(fairs.aggregate(fairs=Count("pk"), posts=Coalesce(Sum("posts_offered"), 0)))
    return totals


def referrals_by_year(referrals):
    return list(
        referrals.annotate(year=ExtractYear("referred_on"))
        .values("year")
        .annotate(count=Count("pk"), poor=Count("pk", filter=Q(poverty_household=True)), average=Avg("monthly_wage"))
        .order_by("-year")
    )


def projects_by_stage(projects):
    """One row per stage, in the workflow's order (意向 → 签约 → 在建 → 投产), stages with none included."""
    rows = {
        row["stage"]: row
        for row in projects.values("stage").annotate(
            count=Count("pk"),
            amount=_sum("amount_wan"),
            jobs=Coalesce(Sum("jobs"), 0),
            output=_sum("annual_output_wan"),
            tax=_sum("annual_tax_wan"),
        )
    }
    empty = {"count": 0, "amount": Decimal(0), "jobs": 0, "output": Decimal(0), "tax": Decimal(0)}
    return [{**empty, **rows.get(stage, {}), "stage": stage, "label": label} for stage, label in ProjectStage.choices]


def help_requests_by_branch(cases, since: datetime.date):
    """Per branch: cases received since ``since``, how many are done, how many are open."""
    return list(
        cases.filter(received_on__gte=since)
        .values("branch__name", "branch__ordinal")
        .annotate(
            count=Count("pk"),
            done=Count("pk", filter=Q(status__in=OPEN_ENDED_STATUSES)),
            money=_sum("money_recovered"),
        )
        .order_by("branch__ordinal")
    )


def paired_villages_with_visits(villages):
    """Paired villages with the households the branch visited there, counted from the visits."""
    visits = (
        Visit.objects.filter(branch=OuterRef("branch"), township=OuterRef("township"), village=OuterRef("village"))
        .order_by()
        .values("branch")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return villages.annotate(visited=Coalesce(Subquery(visits, output_field=IntegerField()), 0))


def impact_figures(user, today: datetime.date | None = None) -> dict:
    """The 帮扶成效 figures for what ``user`` may see."""
    today = today or timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    cases = HelpRequest.objects.visible_to(user)
    visits = Visit.objects.visible_to(user)
    donations = Donation.objects.visible_to(user)
    beneficiaries = Beneficiary.objects.visible_to(user)
    referrals = JobReferral.objects.visible_to(user)
    projects = InvestmentProject.objects.visible_to(user)
    households = beneficiaries.filter(kind=BeneficiaryKind.HOUSEHOLD)
    poor_visits = visits.filter(reason=VisitReason.POOR_HOUSEHOLD)
    project_totals = projects.aggregate(
        total=Count("pk"), amount=_sum("amount_wan"), jobs=Coalesce(Sum("jobs"), 0), tax=_sum("annual_tax_wan")
    )
    # 亿元 (100 million yuan), as the article counts investment.
    project_totals["amount_yi"] = project_totals["amount"] / 10000
    poor_visit_totals = poor_visits.aggregate(total=Count("pk"), cash=_sum("cash"), goods_value=_sum("goods_value"))
    poor_visit_totals["money"] = poor_visit_totals["cash"] + poor_visit_totals["goods_value"]
    return {
        "help": cases.aggregate(
            total=Count("pk"),
            last_year=Count("pk", filter=Q(received_on__gt=year_ago)),
            done=Count("pk", filter=Q(status__in=OPEN_ENDED_STATUSES)),
            open=Count("pk", filter=~Q(status__in=OPEN_ENDED_STATUSES)),
            referred=Count("pk", filter=~Q(referred_to="")),
            money=_sum("money_recovered", status=HelpStatus.CLOSED),
        ),
        "help_by_branch": help_requests_by_branch(cases, year_ago + datetime.timedelta(days=1)),
        "visits": visits.aggregate(total=Count("pk"), cash=_sum("cash"), goods_value=_sum("goods_value")),
        "poor_visits": poor_visit_totals,
        "visits_by_year": visits_by_year(visits),
        "donations": donations.aggregate(
            money=_sum("amount", kind=DonationKind.MONEY),
            goods_value=_sum("amount", kind=DonationKind.GOODS),
            goods_items=Coalesce(Sum("quantity", filter=Q(kind=DonationKind.GOODS)), 0),
        ),
        "donations_by_year": donations_by_year(donations),
        "campaigns": with_campaign_totals(Campaign.objects.visible_to(user)).order_by("starts_on", "pk"),
        "students": beneficiaries.filter(kind=BeneficiaryKind.STUDENT).count(),
        "households": households.aggregate(
            total=Count("pk"), villages=Count("village", distinct=True), townships=Count("township", distinct=True)
        ),
        # Poor households helped: those given livestock plus those visited (316 in the article).
        "poor_households": households.count() + poor_visits.count(),
        "paired_villages": PairedVillage.objects.visible_to(user).count(),
        "jobs": job_totals(referrals, JobFair.objects.visible_to(user)),
        "projects": project_totals,
        "projects_by_stage": projects_by_stage(projects),
        "returns": ReturnApplication.objects.visible_to(user).aggregate(
            applied=Count("pk"), placed=Count("pk", filter=Q(status__in=PLACE_HOLDING))
        ),
        "branches": Branch.objects.visible_to(user).count(),
    }


def member_giving(member, user) -> dict:
    """A member's donations and help requests, as far as ``user`` may see them (member page)."""
    donations = (
        Donation.objects.visible_to(user).filter(member=member).select_related("campaign").order_by("-donated_on")
    )
    cases = HelpRequest.objects.visible_to(user).filter(member=member).select_related("branch")
    return {
        "donations": donations,
        "donation_total": donations.aggregate(total=_sum("amount"))["total"],
        "help_requests": cases,
    }
