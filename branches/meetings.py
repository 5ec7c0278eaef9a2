"""Organisational life (组织生活): logging meetings, counting attendance, judging the
quorum, and checking each branch's rhythm against its committee's compliance rules.

Views, admin actions, commands and the demo data call these functions; nothing
here knows about requests.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.models import (
    Attendance,
    AttendanceStatus,
    ComplianceRule,
    Frequency,
    Meeting,
    MeetingAttachment,
    MeetingKind,
)
from branches.uploads import check_upload, display_name

# A meeting logged more than this many days after it was held is a late entry (补录).
LATE_ENTRY_DAYS = 30
# members.MemberStatus.ACTIVE: branches sits below members and names it by value.
ON_THE_ROLL = "active"
# simple-history change reasons, so the history can tell the first logging from edits.
REASON_LOGGED = "logged"
REASON_EDITED = "edited"


# --- logging a meeting ---------------------------------------------------------------


def is_late_entry(held_on: datetime.date, logged_on: datetime.date) -> bool:
    return (logged_on - held_on).days > LATE_ENTRY_DAYS


def roster_for(branch):
    """Everyone a meeting of ``branch`` may expect: its members on the roll."""
    return branch.members.filter(status=ON_THE_ROLL).order_by("pk")


def committee_member_ids(branch) -> set[int]:
    """The branch committee (支委): members holding a current post in the branch."""
    return set(branch.posts.filter(ended_on__isnull=True).values_list("member_id", flat=True))


def default_attendance(kind: str, member_ids, committee_ids) -> dict[int, str]:
    """Everyone present, except that only the branch committee is expected at a 支委会."""
    if kind == MeetingKind.COMMITTEE:
        return {pk: AttendanceStatus.PRESENT for pk in member_ids if pk in committee_ids}
    return dict.fromkeys(member_ids, AttendanceStatus.PRESENT)


def _check_attendance(branch, attendance, allowed_ids=None):
    """``attendance`` maps member pk → (status, reason); members not in it were not expected."""
    if allowed_ids is None:
        allowed_ids = set(branch.members.values_list("pk", flat=True))
    strangers = set(attendance) - set(allowed_ids)
    if strangers:
        raise ValidationError({"attendance": _("Only members of %(branch)s can be ticked.") % {"branch": branch}})
    for status, reason in attendance.values():
        if status not in AttendanceStatus.values:
            raise ValidationError({"attendance": _("Unknown attendance status.")})
        if status == AttendanceStatus.EXCUSED and not reason.strip():
            raise ValidationError({"attendance": _("A member on leave needs a reason.")})


@transaction.atomic
def log_meeting(*, branch, user, fields: dict, attendance: dict, attachments=(), today=None) -> Meeting:
    """Record a meeting with its attendance and attachments, all or nothing.

    ``fields`` holds the Meeting fields the form edits; ``attendance`` maps member
    pk → (status, reason); ``attachments`` is a list of (uploaded file, kind).
    """
    today = today or timezone.localdate()
    _check_attendance(branch, attendance)
    meeting = Meeting(branch=branch, recorded_by=user, **fields)
    meeting.late_entry = is_late_entry(meeting.held_on, today)
    meeting.full_clean()
    meeting._history_user = user
    meeting._change_reason = REASON_LOGGED
    meeting.save()
    rows = [
        Attendance(
            meeting=meeting,
            member_id=member_id,
            status=status,
            reason=reason.strip() if status == AttendanceStatus.EXCUSED else "",
        )
        for member_id, (status, reason) in attendance.items()
    ]
    bulk_create_with_history(rows, Attendance, default_user=user, default_change_reason=REASON_LOGGED)
    for uploaded, kind in attachments:
        add_attachment(meeting, uploaded, kind, user=user)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, user, fields: dict, attendance: dict) -> Meeting:
    """Change a meeting and its attendance; each changed row leaves a history entry."""
    existing = {row.member_id: row for row in meeting.attendances.select_for_update()}
    allowed = set(meeting.branch.members.values_list("pk", flat=True)) | set(existing)
    _check_attendance(meeting.branch, attendance, allowed_ids=allowed)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.late_entry = is_late_entry(meeting.held_on, timezone.localtime(meeting.created_at).date())
    meeting.full_clean()
    meeting._history_user = user
    meeting._change_reason = REASON_EDITED
    meeting.save()
    for member_id, (status, reason) in attendance.items():
        reason = reason.strip() if status == AttendanceStatus.EXCUSED else ""
        row = existing.pop(member_id, None)
        if row is None:
            row = Attendance(meeting=meeting, member_id=member_id)
        elif (row.status, row.reason) == (status, reason):
            continue
        row.status, row.reason = status, reason
        row._history_user = user
        row._change_reason = REASON_EDITED
        row.save()
    for row in existing.values():
        # No longer expected at this meeting (e.g. not in the party group that met).
        row._history_user = user
        row._change_reason = REASON_EDITED
        row.delete()
    return meeting


def add_attachment(meeting, uploaded, kind, *, user=None) -> MeetingAttachment:
    """Store one checked file under a random name; the type comes from its content."""
    file_type = check_upload(uploaded)
    attachment = MeetingAttachment(
        meeting=meeting,
        kind=kind,
        original_name=display_name(uploaded.name),
        content_type=file_type.content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    attachment.file.save(f"upload.{file_type.extension}", uploaded, save=False)
    attachment.save()
    return attachment


# --- attendance counts and the quorum ---------------------------------------------------


def with_attendance_counts(meetings):
    """Annotate 应到 / 实到 / 请假 / 缺席 and the voting (正式党员) counts in the same query."""
    voting = Q(attendances__member__full_member_on__lte=F("held_on"))
    present = Q(attendances__status=AttendanceStatus.PRESENT)
    return meetings.annotate(
        expected_count=Count("attendances"),
        present_count=Count("attendances", filter=present),
        excused_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.EXCUSED)),
        absent_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
        voting_expected=Count("attendances", filter=voting),
        voting_present=Count("attendances", filter=voting & present),
    )


def quorum_applies(kind: str, has_vote: bool) -> bool:
    return kind == MeetingKind.COMMITTEE or (kind == MeetingKind.GENERAL and has_vote)


def quorum_met(kind, has_vote, present, expected, voting_present, voting_expected):
    """More than half must be there: of the full members with a vote at a 党员大会
    that votes, of the branch committee at a 支委会. None where no rule applies."""
    if kind == MeetingKind.COMMITTEE:
        return present * 2 > expected
    if kind == MeetingKind.GENERAL and has_vote:
        return voting_present * 2 > voting_expected
    return None


def attendance_rates(members, start: datetime.date, end: datetime.date):
    """Each member's meetings expected / present / on leave / absent between two dates."""
    within = Q(attendances__meeting__held_on__range=(start, end))
    return members.annotate(
        expected_count=Count("attendances", filter=within),
        present_count=Count("attendances", filter=within & Q(attendances__status=AttendanceStatus.PRESENT)),
        excused_count=Count("attendances", filter=within & Q(attendances__status=AttendanceStatus.EXCUSED)),
        absent_count=Count("attendances", filter=within & Q(attendances__status=AttendanceStatus.ABSENT)),
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def absent_from_every_meeting(members, today, months=6):
    """失联 warning: on the roll, expected at meetings in the last ``months`` months,
    and absent without leave from every one of them."""
    since = months_before(today, months)
    return (
        attendance_rates(members.filter(status=ON_THE_ROLL), since, today)
        .filter(expected_count__gt=0, absent_count=F("expected_count"))
        .order_by("branch_id", "pk")
    )


# --- compliance --------------------------------------------------------------------------


class Granularity:
    MONTH = "month"
    QUARTER = "quarter"


MONTHS_PER_RULE = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class CellStatus:
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"
    FUTURE = "future"
    NOT_APPLICABLE = "n/a"


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


def month_start(year, month):
    return datetime.date(year, month, 1)


def month_end(year, month):
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


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
    while one can still be met, and future before it begins. Meetings are read with
    one grouped query (branch × kind × month); the rules with one more. ``months``
    narrows the matrix to part of the year (whole cells: quarters start in months
    1, 4, 7 and 10).
    """
    today = today or timezone.localdate()
    branches = list(branches)
    months_per_cell = 3 if granularity == Granularity.QUARTER else 1
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
    # From January: a yearly rule judged in a later cell counts meetings of the whole year.
    grouped = (
        Meeting.objects.filter(branch__in=branches, held_on__range=(month_start(year, 1), month_end(year, months[-1])))
        .annotate(month=ExtractMonth("held_on"))
        .values_list("branch_id", "kind", "month")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for branch_id, kind, month, total in grouped:
        held[branch_id, kind, month] += total
        held_in_month[branch_id, month] += total
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
                span = MONTHS_PER_RULE[frequency]
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
                    if any(held.get((branch.pk, kind, month)) for month in rule_months):
                        continue
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


# --- history ------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object
    what: str
    details: list = field(default_factory=list)


def meeting_history(meeting) -> list[HistoryEntry]:
    """Who logged the meeting, and every later change to it or its attendance, newest first."""
    entries = []
    records = list(meeting.history.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            entries.append(HistoryEntry(record.history_date, record.history_user, _("Logged the meeting")))
            continue
        changed = [
            str(Meeting._meta.get_field(change.field).verbose_name) for change in record.diff_against(previous).changes
        ]
        if changed:
            entries.append(HistoryEntry(record.history_date, record.history_user, _("Changed the record"), changed))
    status_labels = dict(AttendanceStatus.choices)
    last_status = {}
    for row in (
        Attendance.history.filter(meeting_id=meeting.pk)
        .select_related("history_user", "member")
        .order_by("history_date", "history_id")
    ):
        before = last_status.get(row.member_id)
        last_status[row.member_id] = row.status
        if row.history_change_reason == REASON_LOGGED:
            continue
        after = str(status_labels.get(row.status, row.status))
        if row.history_type == "-":
            text = _("%(name)s: no longer expected") % {"name": row.member.name}
        elif before is None and row.history_type == "+":
            text = _("%(name)s: added as %(status)s") % {"name": row.member.name, "status": after}
        elif before is None:
            # Rows written without history (imports, demo data): the old status is unknown.
            text = _("%(name)s: changed to %(status)s") % {"name": row.member.name, "status": after}
        else:
            text = _("%(name)s: %(before)s → %(after)s") % {
                "name": row.member.name,
                "before": status_labels.get(before, before),
                "after": after,
            }
        if row.history_type != "-" and row.reason:
            text += _(" (%(reason)s)") % {"reason": row.reason}
        entries.append(HistoryEntry(row.history_date, row.history_user, _("Changed the attendance"), [text]))
    # Attendance changes of one edit are saved together: show them as one entry.
    merged = []
    for entry in sorted(entries, key=lambda e: e.when):
        last = merged[-1] if merged else None
        if (
            last
            and last.what == entry.what
            and last.who == entry.who
            and (entry.when - last.when) < datetime.timedelta(seconds=5)
        ):
            last.details.extend(entry.details)
        else:
            merged.append(entry)
    return list(reversed(merged))
