"""Organisational life (组织生活): logging and editing meetings, their attachments and
attendance, and the history of each record.

Views, admin actions, commands and the demo data call these functions; nothing
here knows about requests.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audit.history import HistoryEntry, history_entries
from lib.uploads import check_upload, display_name
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingAttachment, MeetingKind
from meetings.standing import standings
from members.models import Member, MemberStatus

# A meeting logged more than this many days after it was held is a late entry (补录).
LATE_ENTRY_DAYS = 30
# simple-history change reasons, so the history can tell the first logging from edits.
REASON_LOGGED = "logged"
REASON_EDITED = "edited"


# --- logging a meeting ---------------------------------------------------------------


def is_late_entry(held_on: datetime.date, logged_on: datetime.date) -> bool:
    return (logged_on - held_on).days > LATE_ENTRY_DAYS


def roster_for(branch):
    """Everyone a meeting of ``branch`` may expect: its members on the roll."""
    return branch.members.filter(status=MemberStatus.ACTIVE).order_by("pk")


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
    standing = standings(branch, Member.objects.filter(pk__in=attendance), meeting.held_on)
    rows = [
        Attendance(
            meeting=meeting,
            member_id=member_id,
            status=status,
            reason=reason.strip() if status == AttendanceStatus.EXCUSED else "",
            standing=standing[member_id],
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
    # The stored day (the ModelForm may already have set the new one on the instance).
    held_before = Meeting.objects.filter(pk=meeting.pk).values_list("held_on", flat=True).get()
    allowed = set(meeting.branch.members.values_list("pk", flat=True)) | set(existing)
    _check_attendance(meeting.branch, attendance, allowed_ids=allowed)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.late_entry = is_late_entry(meeting.held_on, timezone.localtime(meeting.created_at).date())
    meeting.full_clean()
    meeting._history_user = user
    meeting._change_reason = REASON_EDITED
    meeting.save()
    # The standing is the one of the meeting's day: recomputed when the day changes (or for a
    # new line), kept otherwise, so that a later 转正 or transfer does not rewrite the roll.
    redo = held_before != meeting.held_on
    standing = standings(meeting.branch, Member.objects.filter(pk__in=attendance), meeting.held_on)
    for member_id, (status, reason) in attendance.items():
        reason = reason.strip() if status == AttendanceStatus.EXCUSED else ""
        row = existing.pop(member_id, None)
        if row is None:
            row = Attendance(meeting=meeting, member_id=member_id, standing=standing[member_id])
        elif redo and row.standing != standing[member_id]:
            row.standing = standing[member_id]
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


# --- history ------------------------------------------------------------------------------


def meeting_history(meeting) -> list[HistoryEntry]:
    """Who logged the meeting, and every later change to it or its attendance, newest first."""
    entries = []
    records = history_entries(meeting.history.select_related("history_user").order_by("-history_date", "-history_id"))
    for index, entry in enumerate(reversed(records)):
        if index == 0:
            entry.what = _("Logged the meeting")
        elif entry.changes:
            entry.what, entry.details = _("Changed the record"), [change.label for change in entry.changes]
        else:
            continue
        entries.append(entry)
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
        entries.append(
            HistoryEntry(when=row.history_date, user=row.history_user, what=_("Changed the attendance"), details=[text])
        )
    # Attendance changes of one edit are saved together: show them as one entry.
    merged = []
    for entry in sorted(entries, key=lambda e: e.when):
        last = merged[-1] if merged else None
        if (
            last
            and last.what == entry.what
            and last.user == entry.user
            and (entry.when - last.when) < datetime.timedelta(seconds=5)
        ):
            last.details.extend(entry.details)
        else:
            merged.append(entry)
    return list(reversed(merged))
