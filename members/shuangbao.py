"""双报一领: the rules of check-ins (报到), reports (报告) and task claims (领任务).

Views, the admin, commands and the seed call these functions. Each write is one
transaction and refuses bad input with a ValidationError keyed by the form field
it concerns (``__all__`` for the task itself), so nothing is half-written.

The per-branch figures (check-in rate, report rate, task counts) are grouped
aggregates over members: one query for any number of branches and members.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, Count, DateField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Task, TaskStatus
from members.models import Category, CheckIn, ClaimStatus, Member, MemberStatus, Report, TaskClaim
from members.periods import Period

OPEN_CLAIM = (ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS)
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


def report_exempt_condition(period: Period) -> Q:
    """免报 for ``period``: not on the roll, or a newcomer after the period's cut-off
    (joined the party, left home, or first checked in after it)."""
    since_left = CheckIn.objects.filter(member=OuterRef("pk"), checked_in_on__gte=_left_home())
    arrived_late = Exists(since_left.filter(checked_in_on__gt=period.cutoff, checked_in_on__lte=period.end))
    arrived_in_time = Exists(since_left.filter(checked_in_on__lte=period.cutoff))
    return (
        ~Q(status=MemberStatus.ACTIVE)
        | Q(joined_party_on__gt=period.cutoff)
        | Q(left_home_on__gt=period.cutoff)
        | (Q(arrived_late) & ~Q(arrived_in_time))
    )


def _reported(period: Period, on_time=False):
    reports = Report.objects.filter(member=OuterRef("pk"), period_start=period.start)
    if on_time:
        reports = reports.filter(submitted_on__lte=period.end)
    return Exists(reports)


class BoardStatus:
    REPORTED = "reported"
    OVERDUE = "overdue"
    EXEMPT = "exempt"
    LABELS = {REPORTED: _("Reported"), OVERDUE: _("Not reported"), EXEMPT: _("Exempt")}


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


# --- per-branch figures -----------------------------------------------------------


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class CheckInRate:
    members: int = 0
    checked_in: int = 0

    @property
    def not_checked_in(self):
        return self.members - self.checked_in

    @property
    def rate(self):
        return _percent(self.checked_in, self.members)

    def __add__(self, other):
        return CheckInRate(self.members + other.members, self.checked_in + other.checked_in)


@dataclass
class ReportRate:
    period: Period | None = None
    due: int = 0
    reported: int = 0
    on_time: int = 0
    exempt: int = 0

    @property
    def overdue(self):
        return self.due - self.reported

    @property
    def rate(self):
        return _percent(self.reported, self.due)

    @property
    def on_time_rate(self):
        return _percent(self.on_time, self.due)

    def __add__(self, other):
        return ReportRate(
            self.period or other.period,
            self.due + other.due,
            self.reported + other.reported,
            self.on_time + other.on_time,
            self.exempt + other.exempt,
        )


@dataclass
class TaskStats:
    claimed: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def done_rate(self):
        return _percent(self.done, self.claimed)

    def __add__(self, other):
        return TaskStats(self.claimed + other.claimed, self.done + other.done, self.overdue + other.overdue)


def _branch_ids(branches):
    return [branch.pk for branch in branches]


# The rates below are computed in SQL rather than from the ORM conditions above: as
# correlated EXISTS, each condition ran once per member per counted column (seconds
# at 100,000 members). Here each mobile member is read once with the check-ins since
# leaving home folded in (PostgreSQL merges the two in member order), and each
# condition is a CASE over those facts. The rules are the same as
# checked_in_condition, report_exempt_condition and _reported; a test compares the
# two on varied data (tests/shuangbao/test_rates_agree.py).
_RATES_SQL = """
WITH facts AS (
    SELECT m.id, m.branch_id, m.status, m.joined_party_on, m.left_home_on,
           MIN(c.checked_in_on) AS first_on,
           MAX(CASE WHEN c.branch_id = m.branch_id THEN 1 ELSE 0 END) AS here
    FROM {member} m
    LEFT JOIN {check_in} c ON c.member_id = m.id AND c.checked_in_on >= COALESCE(m.left_home_on, %s)
    WHERE m.category = %s AND m.branch_id IN ({branches})
    GROUP BY m.id
), per_period AS (
    SELECT facts.branch_id,
           CASE WHEN facts.status = %s THEN 1 ELSE 0 END AS on_roll,
           facts.here{fact_columns}
    FROM facts{report_joins}
)
SELECT branch_id, COUNT(*), SUM(on_roll), SUM(on_roll * here){sums}
FROM per_period
GROUP BY branch_id
"""
# Per period: due (1/0), and the report: 0 none, 1 late, 2 on time.
_PERIOD_FACTS = """,
           CASE WHEN facts.status = %s
                 AND facts.joined_party_on <= %s
                 AND (facts.left_home_on IS NULL OR facts.left_home_on <= %s)
                 AND (facts.first_on IS NULL OR facts.first_on <= %s OR facts.first_on > %s)
                THEN 1 ELSE 0 END AS due{i},
           CASE WHEN r{i}.submitted_on IS NULL THEN 0 WHEN r{i}.submitted_on <= %s THEN 2 ELSE 1 END AS report{i}"""
_PERIOD_JOIN = """
    LEFT JOIN {report} r{i} ON r{i}.member_id = facts.id AND r{i}.period_start = %s"""
_PERIOD_SUMS = """,
       SUM(due{i}),
       SUM(CASE WHEN report{i} > 0 THEN due{i} ELSE 0 END),
       SUM(CASE WHEN report{i} = 2 THEN due{i} ELSE 0 END)"""


def rates(branches, periods: list[Period]) -> dict[int, tuple[CheckInRate, list[ReportRate]]]:
    """Per branch: the check-in rate, and a ReportRate for each of ``periods``, from one query.

    Check-ins count mobile members on the roll; reports count every mobile member of
    the branch, those not due (exempt, 免报) included as ``exempt``.
    """
    ids = _branch_ids(branches)
    result = {pk: (CheckInRate(), [ReportRate(period) for period in periods]) for pk in ids}
    if not ids:
        return result
    tables = {
        "member": Member._meta.db_table,
        "check_in": CheckIn._meta.db_table,
        "report": Report._meta.db_table,
    }
    # Dates go in as ISO text: both PostgreSQL and SQLite compare them with date columns.
    fact_params, join_params = [], []
    for period in periods:
        cutoff, end = period.cutoff.isoformat(), period.end.isoformat()
        fact_params += [MemberStatus.ACTIVE, cutoff, cutoff, cutoff, end, end]
        join_params.append(period.start.isoformat())
    numbered = range(len(periods))
    sql = _RATES_SQL.format(
        branches=", ".join(["%s"] * len(ids)),
        fact_columns="".join(_PERIOD_FACTS.format(i=i) for i in numbered),
        report_joins="".join(_PERIOD_JOIN.format(i=i, **tables) for i in numbered),
        sums="".join(_PERIOD_SUMS.format(i=i) for i in numbered),
        **tables,
    )
    params = [
        *(_EARLIEST.value.isoformat(), Category.MOBILE, *ids),  # facts
        *(MemberStatus.ACTIVE, *fact_params, *join_params),  # per_period
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for branch_id, members, on_roll, checked_in, *period_sums in rows:
        report_rates = []
        for index, period in enumerate(periods):
            due, reported, on_time = (int(value) for value in period_sums[3 * index : 3 * index + 3])
            report_rates.append(ReportRate(period, due, reported, on_time, exempt=members - due))
        result[branch_id] = (CheckInRate(int(on_roll), int(checked_in)), report_rates)
    return result


def check_in_rates(branches) -> dict[int, CheckInRate]:
    """Per branch: mobile members on the roll and how many have checked in (one query)."""
    return {pk: check_ins for pk, (check_ins, _reports) in rates(branches, []).items()}


def report_rates_by_period(branches, periods: list[Period]) -> dict[int, list[ReportRate]]:
    """Per branch, one ReportRate per period, all from one grouped query."""
    return {pk: reports for pk, (_check_ins, reports) in rates(branches, periods).items()}


def report_rates(branches, period: Period) -> dict[int, ReportRate]:
    """Per branch: who is due, has reported (on time) or is exempt for ``period``."""
    return {pk: reports[0] for pk, reports in report_rates_by_period(branches, [period]).items()}


def task_stats(branches, today=None) -> dict[int, TaskStats]:
    """Per branch of the claiming member: claims held (not dropped), done, and overdue."""
    today = today or timezone.localdate()
    ids = _branch_ids(branches)
    rows = (
        TaskClaim.objects.filter(member__branch__in=ids)
        .order_by()
        .values("member__branch_id")
        .annotate(
            claimed=Count("pk", filter=~Q(status=ClaimStatus.DROPPED)),
            done=Count("pk", filter=Q(status=ClaimStatus.DONE)),
            overdue=Count("pk", filter=Q(status__in=OPEN_CLAIM, task__due_on__lt=today)),
        )
    )
    stats = {pk: TaskStats() for pk in ids}
    for row in rows:
        stats[row["member__branch_id"]] = TaskStats(row["claimed"], row["done"], row["overdue"])
    return stats


def total(rows):
    """The committee line: the sum of the branches' figures."""
    values = list(rows)
    if not values:
        return None
    result = values[0]
    for value in values[1:]:
        result = result + value
    return result


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


def member_status(member, today=None) -> MemberRecord:
    """ "已报到 · 本期已报告 · 领任务 2 项（完成 1）" and the timeline of check-ins,
    reports and claims, newest first (five queries, whatever the history's length)."""
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
        url = reverse("shuangbao:claim_detail", args=[claim.pk])
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


# --- writes -----------------------------------------------------------------------


def _future(day, today):
    return day is not None and day > today


FUTURE_DATE = _("This date is in the future.")


def record_check_in(member, *, branch, checked_in_on, way, address="", employer="", user=None, today=None) -> CheckIn:
    """报到: record that ``member`` checked in to ``branch``.

    The newest check-in into another branch of the member's committee moves the
    member there; the member file's history keeps the move.
    """
    today = today or timezone.localdate()
    errors = {}
    if _future(checked_in_on, today):
        errors["checked_in_on"] = FUTURE_DATE
    if user is not None and not Branch.objects.visible_to(user).filter(pk=branch.pk).exists():
        errors["branch"] = _("%(branch)s is outside your scope: record check-ins into your own branch only.") % {
            "branch": branch
        }
    elif branch.committee_id != member.branch.committee_id:
        errors["branch"] = _(
            "%(branch)s belongs to another committee: a check-in moves a member only within the committee."
        ) % {"branch": branch}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            member=member,
            branch=branch,
            checked_in_on=checked_in_on,
            way=way,
            address=address,
            employer=employer,
            recorded_by=user,
        )
        newest = not CheckIn.objects.filter(member=member, checked_in_on__gt=checked_in_on).exists()
        if newest and branch.pk != member.branch_id:
            locked = Member.objects.select_for_update().get(pk=member.pk)
            locked.branch = branch
            locked.version += 1
            locked._change_reason = str(_("Checked in at %(branch)s") % {"branch": branch})
            locked.save()
            member.branch, member.version = branch, locked.version
    return check_in


def record_report(
    member,
    *,
    period_start,
    submitted_on,
    channel,
    summary,
    acknowledged_by="",
    acknowledged_on=None,
    user=None,
    today=None,
) -> Report:
    """报告: record a mobile member's report to the home organisation for one period."""
    today = today or timezone.localdate()
    period = Period.containing(period_start, member.branch.committee.report_cycle)
    errors = {}
    if member.category != Category.MOBILE:
        errors["member"] = _("%(name)s is a directly managed member and does not report to a home organisation.") % {
            "name": member
        }
    if period.start != period_start:
        errors["period_start"] = _("%(day)s is not the first day of a reporting period.") % {"day": period_start}
    elif period.start > today:
        errors["period_start"] = _("The period %(period)s has not started yet.") % {"period": period}
    elif Report.objects.filter(member=member, period_start=period.start).exists():
        errors["period_start"] = _("%(name)s has already reported for %(period)s.") % {"name": member, "period": period}
    if _future(submitted_on, today):
        errors["submitted_on"] = FUTURE_DATE
    elif submitted_on < period.start and "period_start" not in errors:
        errors["submitted_on"] = _("A report for %(period)s cannot be submitted before the period begins.") % {
            "period": period
        }
    if _future(acknowledged_on, today):
        errors["acknowledged_on"] = FUTURE_DATE
    elif acknowledged_on and acknowledged_on < submitted_on:
        errors["acknowledged_on"] = _("A report cannot be acknowledged before it was submitted.")
    if acknowledged_on and not acknowledged_by.strip():
        errors["acknowledged_by"] = _("Name who acknowledged the report for the home organisation.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Report.objects.create(
                member=member,
                period_start=period.start,
                submitted_on=submitted_on,
                channel=channel,
                summary=summary,
                acknowledged_by=acknowledged_by.strip(),
                acknowledged_on=acknowledged_on,
                recorded_by=user,
            )
    except IntegrityError:
        # Recorded by someone else a moment ago (the unique constraint caught it).
        raise ValidationError(
            {"period_start": _("%(name)s has already reported for %(period)s.") % {"name": member, "period": period}}
        ) from None


def remaining_places(task) -> int:
    return task.capacity - task.claims.exclude(status=ClaimStatus.DROPPED).count()


def claim_task(task, member, *, claimed_on=None, user=None, today=None) -> TaskClaim:
    """领任务: ``member`` claims ``task``, within its capacity.

    The task row is locked for the length of the transaction, so two claims
    racing for the last place are served one after the other: the second sees
    the first and is refused. Dropped claims give their place back.
    """
    today = today or timezone.localdate()
    claimed_on = claimed_on or today
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        errors = {}
        if _future(claimed_on, today):
            errors["claimed_on"] = FUTURE_DATE
        if task.status != TaskStatus.OPEN:
            errors[NON_FIELD_ERRORS] = _("“%(task)s” is %(status)s and takes no more claims.") % {
                "task": task,
                "status": task.get_status_display(),
            }
        elif today > task.due_on:
            errors[NON_FIELD_ERRORS] = _("“%(task)s” was due on %(day)s and takes no more claims.") % {
                "task": task,
                "day": f"{task.due_on:%Y-%m-%d}",
            }
        elif today < task.opens_on:
            errors[NON_FIELD_ERRORS] = _("“%(task)s” opens for claims on %(day)s.") % {
                "task": task,
                "day": f"{task.opens_on:%Y-%m-%d}",
            }
        if task.branch_id and member.branch_id != task.branch_id:
            errors["member"] = _("%(name)s is not a member of %(branch)s, which published this task.") % {
                "name": member,
                "branch": task.branch,
            }
        elif member.branch.committee_id != task.committee_id:
            errors["member"] = _("%(name)s belongs to another committee.") % {"name": member}
        elif member.status != MemberStatus.ACTIVE:
            errors["member"] = _("Only members on the roll can claim tasks; %(name)s is %(status)s.") % {
                "name": member,
                "status": member.get_status_display(),
            }
        elif TaskClaim.objects.filter(task=task, member=member).exists():
            errors["member"] = _("This member has already claimed this task.")
        if NON_FIELD_ERRORS not in errors:
            taken = TaskClaim.objects.filter(task=task).exclude(status=ClaimStatus.DROPPED).count()
            if taken >= task.capacity:
                errors[NON_FIELD_ERRORS] = _("All %(capacity)s places of “%(task)s” are taken.") % {
                    "capacity": task.capacity,
                    "task": task,
                }
        if errors:
            raise ValidationError(errors)
        return TaskClaim.objects.create(task=task, member=member, claimed_on=claimed_on)


def _locked_open_claim(claim, field_name):
    locked = TaskClaim.objects.select_for_update().select_related("task", "member").get(pk=claim.pk)
    if locked.status not in OPEN_CLAIM:
        raise ValidationError(
            {field_name: _("This claim is already %(status)s.") % {"status": locked.get_status_display()}}
        )
    return locked


def record_progress(claim, note, *, today=None) -> TaskClaim:
    """A dated progress note; a claimed task is then in progress."""
    today = today or timezone.localdate()
    if not note.strip():
        raise ValidationError({"note": _("Write what has been done.")})
    with transaction.atomic():
        claim = _locked_open_claim(claim, "note")
        line = f"{today:%Y-%m-%d} {note.strip()}"
        claim.progress_notes = f"{claim.progress_notes}\n{line}".strip()
        claim.status = ClaimStatus.IN_PROGRESS
        claim.save()
    return claim


def complete_claim(claim, *, result, completed_on, today=None) -> TaskClaim:
    today = today or timezone.localdate()
    errors = {}
    if not result.strip():
        errors["result"] = _("Describe the result of the task.")
    if _future(completed_on, today):
        errors["completed_on"] = FUTURE_DATE
    elif completed_on < claim.claimed_on:
        errors["completed_on"] = _("A task cannot be completed before it was claimed (%(day)s).") % {
            "day": f"{claim.claimed_on:%Y-%m-%d}"
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = _locked_open_claim(claim, "result")
        claim.status = ClaimStatus.DONE
        claim.result = result.strip()
        claim.completed_on = completed_on
        claim.save()
    return claim


def evaluate_claim(claim, evaluation) -> TaskClaim:
    """The branch's evaluation (优秀 / 良好 / 一般) of a completed claim."""
    with transaction.atomic():
        claim = TaskClaim.objects.select_for_update().select_related("task", "member").get(pk=claim.pk)
        if claim.status != ClaimStatus.DONE:
            raise ValidationError({"evaluation": _("Only a completed task can be evaluated.")})
        claim.evaluation = evaluation
        claim.save()
    return claim


def drop_claim(claim, reason) -> TaskClaim:
    """The member gives the task up; the place is free again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for dropping the task.")})
    with transaction.atomic():
        claim = _locked_open_claim(claim, "reason")
        claim.status = ClaimStatus.DROPPED
        claim.dropped_reason = reason.strip()
        claim.save()
    return claim


def overdue_claims_condition(today=None) -> Q:
    """Claims still open after their task's due date (highlighted on the boards)."""
    return Q(status__in=OPEN_CLAIM, task__due_on__lt=today or timezone.localdate())
