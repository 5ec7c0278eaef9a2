"""What each member is reminded of, by SMS to the phone on the file (and in the app once the
member has an account): one message per member, item and interval.

Interval: 未报到 and 党费 once a month, a report once per period it is owed for, a claim
once when its task falls due within 7 days and once more when it is overdue.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from branches.models import Committee
from dashboard.todo import CLAIM_DUE_DAYS
from dues.arrears import in_arrears, tracked_accounts
from members.models import Member, MemberStatus
from notifications.models import Channel
from notifications.services import Message
from reminders.kinds import Kind
from shuangbao.models import OPEN_CLAIM, TaskClaim
from shuangbao.rules import BoardStatus, awaited_condition, current_period, not_checked_in, report_board


def _has_accounts() -> bool:
    """Member accounts (``UserProfile.member``, related name ``account``) exist once the
    self-service pages do; until then members are reached by SMS only."""
    return any(getattr(f, "related_name", None) == "account" for f in Member._meta.related_objects)


def _members(queryset):
    queryset = queryset.select_related("branch")
    if _has_accounts():
        queryset = queryset.select_related("account__user")
    return queryset


def _account_user(member):
    account = getattr(member, "account", None)
    return getattr(account, "user", None) if account is not None else None


@dataclass(frozen=True)
class Due:
    kind: str
    member: object
    item: str  # what is due, unique with the interval: "member:42", "claim:7"
    interval: str
    title: str
    body: str = ""


def message(due: Due) -> Message:
    user = _account_user(due.member)
    channels = (Channel.APP, Channel.SMS) if user is not None else (Channel.SMS,)
    return Message(
        kind=due.kind,
        title=due.title,
        body=due.body,
        recipient=due.member.name,
        user=user,
        phone=due.member.phone or "",
        key=f"{due.kind}:{due.item}:{due.interval}",
        channels=channels,
    )


def not_checked_in_due(today):
    members = not_checked_in(Member.objects.all()).exclude(awaited_condition(today))
    for member in _members(members).order_by("pk").iterator(chunk_size=2000):
        yield Due(
            Kind.NOT_CHECKED_IN,
            member,
            f"member:{member.pk}",
            f"{today:%Y-%m}",
            _("Please check in with %(branch)s") % {"branch": member.branch.name},
            _("You have not checked in with your branch since you left home or moved. Please report in."),
        )


def reports_overdue_due(today):
    for cycle in Committee.objects.order_by().values_list("report_cycle", flat=True).distinct():
        period = current_period(Committee(report_cycle=cycle), today).previous()
        rows = report_board(Member.objects.filter(branch__committee__report_cycle=cycle), period)
        rows = _members(rows.filter(report_status=BoardStatus.OVERDUE))
        for member in rows.order_by("pk").iterator(chunk_size=2000):
            yield Due(
                Kind.REPORT_OVERDUE,
                member,
                f"member:{member.pk}",
                f"{period.start:%Y-%m-%d}",
                _("Your report for %(period)s is overdue") % {"period": period.label},
                _("Please send your report on thought, work, study and life to your home organisation."),
            )


def claims_due(today):
    claims = (
        TaskClaim.objects.filter(
            status__in=OPEN_CLAIM,
            task__due_on__lte=today + datetime.timedelta(days=CLAIM_DUE_DAYS),
            member__status=MemberStatus.ACTIVE,
        )
        .select_related("task", "member__branch")
        .order_by("pk")
    )
    if _has_accounts():
        claims = claims.select_related("member__account__user")
    for claim in claims.iterator(chunk_size=2000):
        overdue = claim.task.due_on < today
        title = (_("Task overdue: %(task)s") if overdue else _("Task due on %(day)s: %(task)s")) % {
            "task": claim.task.title[:60],
            "day": f"{claim.task.due_on:%Y-%m-%d}",
        }
        yield Due(
            Kind.CLAIM_DUE,
            claim.member,
            f"claim:{claim.pk}",
            f"{'overdue' if overdue else 'soon'}:{claim.task.due_on:%Y-%m-%d}",
            title,
        )


def arrears_due(today):
    accounts = in_arrears(tracked_accounts(), today).select_related("member__branch")
    if _has_accounts():
        accounts = accounts.select_related("member__account__user")
    for account in accounts.iterator(chunk_size=2000):
        yield Due(
            Kind.ARREARS,
            account.member,
            f"member:{account.member_id}",
            f"{today:%Y-%m}",
            _("Your party dues are %(months)s months behind") % {"months": account.behind},
            _("Please pay your dues to your branch."),
        )


SOURCES = (not_checked_in_due, reports_overdue_due, claims_due, arrears_due)
