"""双报一领 rules: who has checked in (报到), who owes a report (报告) for a period, the
report board, and one member's linked record (status line and timeline).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, CharField, DateField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Committee
from lib.months import add_months
from members.lapse import LAPSE_MONTHS
from members.models import Category, Member, MemberStatus
from shuangbao.models import OPEN_CLAIM, CheckIn, ClaimStatus, Report, TaskClaim
from shuangbao.periods import Period

# A member without a departure date counts every check-in as "since leaving home".
_EARLIEST = Value(datetime.date(1900, 1, 1), output_field=DateField())


def current_period(committee, today=None) -> Period:
    return Period.containing(today or timezone.localdate(), committee.report_cycle)


# --- conditions shared by lists, boards and rates ---------------------------------


def _left_home():
    return Coalesce(OuterRef("left_home_on"), _EARLIEST, output_field=DateField())


def checked_in_condition():
    """报到: a check-in into the member's current branch since leaving home.

    A move to another branch without a check-in there makes the member 未报到 again.
    """
    return Exists(
        CheckIn.objects.filter(member=OuterRef("pk"), branch=OuterRef("branch"), checked_in_on__gte=_left_home())
    )


def not_checked_in(members):
    """未报到: mobile members on the roll with no check-in since they left home or last moved."""
    return members.filter(category=Category.MOBILE, status=MemberStatus.ACTIVE).filter(~checked_in_condition())


class CheckInState(models.TextChoices):
    """A mobile member without a check-in: still awaited (待报到, inside the committee's grace
    period after leaving home or moving) or overdue (未报到, after it)."""

    AWAITED = "awaited", _("Awaited")
    OVERDUE = "overdue", _("Not checked in")


def awaited_condition(today=None) -> Q:
    """Inside the grace period: left home, or came to the branch, fewer than the committee's
    ``check_in_grace_days`` ago (及时报到, 2024 意见). The grace starts at the later of the two."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for days in Committee.objects.values_list("check_in_grace_days", flat=True).distinct():
        cutoff = today - datetime.timedelta(days=days)
        condition |= Q(branch__committee__check_in_grace_days=days) & (
            Q(left_home_on__gte=cutoff) | Q(branch_since__gte=cutoff)
        )
    return condition


def with_check_in_state(members, today=None):
    """未报到 list rows, each with ``check_in_state`` (awaited / overdue)."""
    return members.annotate(
        check_in_state=Case(
            When(awaited_condition(today), then=Value(CheckInState.AWAITED)),
            default=Value(CheckInState.OVERDUE),
            output_field=CharField(),
        )
    )


def assigned_work_undone(members, today=None):
    """自行脱党's third sign (党章 第九条 不做党所分配的工作): a claimed task still not done 6
    months or more after its due date. A dropped claim is no longer the member's work."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -LAPSE_MONTHS)
    undone = TaskClaim.objects.filter(member=OuterRef("pk"), status__in=OPEN_CLAIM, task__due_on__lte=cutoff)
    return members.filter(Exists(undone))


def report_overdue(members, today=None):
    """Mobile members on the roll with no report for their committee's current period."""
    today = today or timezone.localdate()
    condition = Q()
    for cycle in Committee.objects.values_list("report_cycle", flat=True).distinct():
        current = Period.containing(today, cycle).start
        condition |= Q(branch__committee__report_cycle=cycle) & ~Exists(
            Report.objects.filter(member=OuterRef("pk"), period_start=current)
        )
    if not condition:
        return members.none()
    return members.filter(category=Category.MOBILE, status=MemberStatus.ACTIVE).filter(condition)


def report_exempt_condition(period: Period) -> Q:
    """免报 for ``period``: not on the roll, or joined the party or left home after the
    period's cut-off (a newcomer of the last month reports from the next period).

    The duty to report (报告, the second of 双报) runs from the day the member left home
    (``left_home_on``), not from the check-in. The 《中国共产党党员教育管理工作条例》 (2019)
    charges the home organisation (流出地党组织), which keeps the member's relation, with
    keeping in regular touch (保持经常联系) with its members who are away; 郴州's 双报一领
    turns that into a periodic report to it, owed for as long as the member is away. The
    check-in (报到) is the other duty, to the inflow branch, and does not move this one: a
    member who left in 2015 and checks in late still owes every period's report (未报告).
    A mobile member without a departure date is taken to have been away since before any
    period, as for the check-in (``_EARLIEST``): due.
    """
    return ~Q(status=MemberStatus.ACTIVE) | Q(joined_party_on__gt=period.cutoff) | Q(left_home_on__gt=period.cutoff)


def _reported(period: Period, on_time=False):
    reports = Report.objects.filter(member=OuterRef("pk"), period_start=period.start)
    if on_time:
        reports = reports.filter(submitted_on__lte=period.end)
    return Exists(reports)


class BoardStatus(models.TextChoices):
    """A mobile member's report for the period, as the period board shows it."""

    REPORTED = "reported", _("Reported")
    OVERDUE = "overdue", _("Not reported")
    EXEMPT = "exempt", _("Exempt")


def report_board(members, period: Period):
    """Mobile members with ``report_status`` (reported / overdue / exempt) and their
    report's date for ``period``: the rows of the period board."""
    report = Report.objects.filter(member=OuterRef("pk"), period_start=period.start)
    return members.filter(category=Category.MOBILE).annotate(
        report_status=Case(
            When(_reported(period), then=Value(BoardStatus.REPORTED)),
            When(report_exempt_condition(period), then=Value(BoardStatus.EXEMPT)),
            default=Value(BoardStatus.OVERDUE),
            output_field=CharField(),
        ),
        report_submitted_on=Subquery(report.values("submitted_on")[:1]),
        report_channel=Subquery(report.values("channel")[:1]),
    )


# --- one member's linked record ---------------------------------------------------


@dataclass
class TimelineEntry:
    day: datetime.date
    kind: str  # check_in / report / claim / done / dropped
    icon: str
    title: str
    detail: str = ""
    url: str = ""


@dataclass
class MemberRecord:
    """The status line and timeline of one member's 双报一领."""

    line: str
    checked_in: bool | None
    report_status: str | None
    period: Period
    claims: int
    done: int
    timeline: list[TimelineEntry] = field(default_factory=list)


def member_status(member, today=None, *, links=True) -> MemberRecord:
    """ "已报到 · 本期已报告 · 领任务 2 项（完成 1）" and the timeline of check-ins,
    reports and claims, newest first (five queries, whatever the history's length).
    ``links=False`` for the home village, which does not open the branches' claim pages."""
    today = today or timezone.localdate()
    committee = member.branch.committee
    period = current_period(committee, today)
    row = (
        report_board(Member.objects.filter(pk=member.pk), period)
        .annotate(checked_in=checked_in_condition())
        .values("checked_in", "report_status")
        .first()
    )
    mobile = member.category == Category.MOBILE
    check_ins = list(CheckIn.objects.filter(member=member).select_related("branch"))
    reports = list(Report.objects.filter(member=member))
    claims = list(TaskClaim.objects.filter(member=member).select_related("task"))
    held = [claim for claim in claims if claim.status != ClaimStatus.DROPPED]
    done = sum(1 for claim in held if claim.status == ClaimStatus.DONE)

    parts = []
    if mobile and row:
        parts.append(str(_("Checked in") if row["checked_in"] else _("Not checked in")))
        parts.append(
            str(
                {
                    BoardStatus.REPORTED: _("Reported this period"),
                    BoardStatus.EXEMPT: _("Exempt this period"),
                    BoardStatus.OVERDUE: _("Not reported this period"),
                }[row["report_status"]]
            )
        )
    else:
        parts.append(str(_("Directly managed member")))
    if held:
        parts.append(str(_("%(count)s tasks claimed (%(done)s done)") % {"count": len(held), "done": done}))
    else:
        parts.append(str(_("No task claimed")))

    timeline = [
        TimelineEntry(
            check_in.checked_in_on,
            "check_in",
            "geo-alt",
            str(
                _("Checked in at %(branch)s (%(way)s)") % {"branch": check_in.branch, "way": check_in.get_way_display()}
            ),
            " · ".join(part for part in (check_in.address, check_in.employer) if part),
        )
        for check_in in check_ins
    ]
    for report in reports:
        detail = report.summary
        if report.acknowledged_on:
            detail += " " + str(
                _("(acknowledged by %(who)s on %(day)s)")
                % {"who": report.acknowledged_by, "day": f"{report.acknowledged_on:%Y-%m-%d}"}
            )
            if report.acknowledgement_note:
                detail += f"：{report.acknowledgement_note}"
        timeline.append(
            TimelineEntry(
                report.submitted_on,
                "report",
                "journal-text",
                str(
                    _("Reported for %(period)s (%(channel)s)")
                    % {
                        "period": Period(report.period_start, committee.report_cycle),
                        "channel": report.get_channel_display(),
                    }
                ),
                detail,
            )
        )
    for claim in claims:
        url = reverse("shuangbao:claim_detail", args=[claim.pk]) if links else ""
        timeline.append(
            TimelineEntry(
                claim.claimed_on,
                "claim",
                "clipboard-plus",
                str(_("Claimed “%(task)s”") % {"task": claim.task}),
                "",
                url,
            )
        )
        if claim.status == ClaimStatus.DONE and claim.completed_on:
            evaluation = f"（{claim.get_evaluation_display()}）" if claim.evaluation else ""
            timeline.append(
                TimelineEntry(
                    claim.completed_on,
                    "done",
                    "clipboard-check",
                    str(_("Completed “%(task)s”") % {"task": claim.task}) + evaluation,
                    claim.result,
                    url,
                )
            )
        elif claim.status == ClaimStatus.DROPPED:
            timeline.append(
                TimelineEntry(
                    claim.claimed_on,
                    "dropped",
                    "clipboard-x",
                    str(_("Dropped “%(task)s”") % {"task": claim.task}),
                    claim.dropped_reason,
                    url,
                )
            )
    timeline.sort(key=lambda entry: entry.day, reverse=True)
    return MemberRecord(
        line=" · ".join(parts),
        checked_in=row["checked_in"] if mobile and row else None,
        report_status=row["report_status"] if mobile and row else None,
        period=period,
        claims=len(held),
        done=done,
        timeline=timeline,
    )
