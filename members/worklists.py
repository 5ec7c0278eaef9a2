"""The work lists of a member's life: 失联 with its timers, 应转尽转, and 活动证 running out.

Each is a queryset of the user's members (``Member.objects.visible_to``), paged by the list
pages and counted by the dashboard; their conditions read indexed columns only
(``member_status_since``, ``member_away_since``), so they stay fast at 100,000 files.
"""

from django.db import models
from django.db.models import Case, CharField, Count, Exists, Max, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.months import add_months
from members.certificates import expiring
from members.lifecycle import LOST_MONTHS_BEFORE_SUSPENSION, SUSPENDED_MONTHS_BEFORE_REMOVAL
from members.models import ActivityCertificate, Category, ContactAttempt, Member, MemberStatus, Transfer
from members.transfers import overdue_condition

# 2024 意见 (应转尽转): away 6 months or more at a fixed place → move the relation.
AWAY_MONTHS = 6


class LostState(models.TextChoices):
    SEARCHING = "searching", _("Searching")
    SUSPENSION_DUE = "suspension_due", _("Suspension due")
    SUSPENDED = "suspended", _("Suspended")
    REMOVAL_DUE = "removal_due", _("Removal due")


def lost_members(members, today=None):
    """失联 and 停止党籍 files with ``lost_state``, the number of searches and the last one.

    应停止党籍: lost 6 months or more and searched since (条例 第二十四条; the branch decides,
    the decision is recorded on the status page). 应除名: suspended 2 years or more."""
    today = today or timezone.localdate()
    lost_by = add_months(today, -LOST_MONTHS_BEFORE_SUSPENSION)
    suspended_by = add_months(today, -SUSPENDED_MONTHS_BEFORE_REMOVAL)
    return (
        members.filter(status__in=[MemberStatus.LOST_CONTACT, MemberStatus.SUSPENDED])
        .annotate(searches=Count("contact_attempts"), last_search=Max("contact_attempts__tried_on"))
        .annotate(
            lost_state=Case(
                When(status=MemberStatus.SUSPENDED, status_since__lte=suspended_by, then=Value(LostState.REMOVAL_DUE)),
                When(status=MemberStatus.SUSPENDED, then=Value(LostState.SUSPENDED)),
                When(status_since__lte=lost_by, searches__gt=0, then=Value(LostState.SUSPENSION_DUE)),
                default=Value(LostState.SEARCHING),
                output_field=CharField(),
            )
        )
    )


def lost_due(members, state, today=None):
    """Only the files whose timer has run: 应停止党籍 or 应除名."""
    today = today or timezone.localdate()
    if state == LostState.REMOVAL_DUE:
        return members.filter(
            status=MemberStatus.SUSPENDED, status_since__lte=add_months(today, -SUSPENDED_MONTHS_BEFORE_REMOVAL)
        )
    if state == LostState.SUSPENSION_DUE:
        return members.filter(
            status=MemberStatus.LOST_CONTACT,
            status_since__lte=add_months(today, -LOST_MONTHS_BEFORE_SUSPENSION),
            contact_attempts__isnull=False,
        ).distinct()
    return members


def should_transfer(members, today=None):
    """应转尽转: mobile members on the roll away 6 months or more and 6 months or more in
    their branch (a fixed place), whose relation is still at home."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -AWAY_MONTHS)
    return members.filter(status=MemberStatus.ACTIVE, category=Category.MOBILE, left_home_on__lte=cutoff).filter(
        Q(branch_since__isnull=True) | Q(branch_since__lte=cutoff)
    )


def lifecycle_figures(user, today=None) -> dict:
    """The dashboard's figures of a member's life, in three queries: the member counts in one
    aggregate, the overdue receipts, the certificates running out."""
    today = today or timezone.localdate()
    lost_by = add_months(today, -LOST_MONTHS_BEFORE_SUSPENSION)
    suspended_by = add_months(today, -SUSPENDED_MONTHS_BEFORE_REMOVAL)
    away_by = add_months(today, -AWAY_MONTHS)
    searched = Exists(ContactAttempt.objects.filter(member=OuterRef("pk")))
    members = Member.objects.visible_to(user).order_by()
    figures = members.aggregate(
        lost=Count("pk", filter=Q(status=MemberStatus.LOST_CONTACT)),
        suspension_due=Count("pk", filter=Q(status=MemberStatus.LOST_CONTACT, status_since__lte=lost_by) & Q(searched)),
        suspended=Count("pk", filter=Q(status=MemberStatus.SUSPENDED)),
        removal_due=Count("pk", filter=Q(status=MemberStatus.SUSPENDED, status_since__lte=suspended_by)),
        pending_transfer=Count("pk", filter=Q(status=MemberStatus.PENDING_TRANSFER)),
        should_transfer=Count(
            "pk",
            filter=Q(status=MemberStatus.ACTIVE, category=Category.MOBILE, left_home_on__lte=away_by)
            & (Q(branch_since__isnull=True) | Q(branch_since__lte=away_by)),
        ),
    )
    figures["overdue_receipts"] = Transfer.objects.visible_to(user).filter(overdue_condition(today)).count()
    figures["expiring_certificates"] = expiring(ActivityCertificate.objects.visible_to(user), today).count()
    return figures
