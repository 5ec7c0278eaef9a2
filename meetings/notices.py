"""Meetings people can act on: published in advance, signed in by a QR link on the day, the
roll confirmed by the secretary from the sign-ins.

- ``publish_meeting``: a meeting is announced with its day, time, place, topic and who is
  expected (the kind and party group say who: ``expected_members``); members see it in the
  list of upcoming meetings (``upcoming``: also what the reminder job will send).
- ``sign_in``: on the meeting's day, an attendee opens the QR link (a random token, not the
  meeting's number) and gives the phone number on file; a member of the branch on the roll
  is signed in once. The page says nothing about who else is on the roll.
- ``awaiting_roll``: the published meetings whose day is past without a confirmed roll, the
  secretary's work list (on the meetings page, above the list).
- ``roll_from_sign_ins``: the secretary's roll starts from the sign-ins (present) and the
  rest of those expected (absent); the secretary confirms or corrects it, and logging it
  turns the meeting from published into held.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus, PartyGroupMember, SignIn, Standing
from meetings.records import committee_member_ids, roster_for
from meetings.standing import standings
from members.id_number import mask_name
from members.models import Member


def new_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def publish_meeting(*, branch, user, fields: dict, today=None) -> Meeting:
    """Announce a meeting (status published) with its QR sign-in token."""
    meeting = Meeting(
        branch=branch,
        recorded_by=user,
        status=MeetingStatus.PLANNED,
        published_at=timezone.now(),
        sign_in_token=new_token(),
        **fields,
    )
    meeting.full_clean()
    meeting._history_user = user
    meeting._change_reason = "published"
    meeting.save()
    return meeting


def expected_members(meeting):
    """Who a published meeting expects: its 党小组 for a 党小组会 of one group, the current
    branch committee for a 支委会, the branch's roll otherwise."""
    roll = roster_for(meeting.branch)
    if meeting.kind == MeetingKind.GROUP and meeting.party_group_id:
        return roll.filter(pk__in=PartyGroupMember.objects.filter(group_id=meeting.party_group_id).values("member"))
    if meeting.kind == MeetingKind.COMMITTEE:
        return roll.filter(pk__in=committee_member_ids(meeting.branch))
    return roll


def upcoming(meetings, today=None):
    """Published meetings from today on, the soonest first."""
    today = today or timezone.localdate()
    return meetings.filter(status=MeetingStatus.PLANNED, held_on__gte=today).order_by("held_on", "starts_at", "pk")


def awaiting_roll(meetings, today=None):
    """待确认: published meetings whose day has passed and whose roll the secretary has not
    confirmed yet (the meeting stays published, uncounted in the matrix, until it is): the
    secretary's work list, the oldest first."""
    today = today or timezone.localdate()
    return meetings.filter(status=MeetingStatus.PLANNED, held_on__lt=today).order_by("held_on", "pk")


def upcoming_and_awaiting(meetings, today=None):
    """Every published meeting, past days first (``awaiting_roll``) then ``upcoming``, in one query."""
    return meetings.filter(status=MeetingStatus.PLANNED).order_by("held_on", "starts_at", "pk")


def sign_in_open(meeting, today=None) -> bool:
    today = today or timezone.localdate()
    return meeting.status == MeetingStatus.PLANNED and meeting.held_on == today


def sign_in(meeting, phone: str, *, today=None) -> SignIn:
    """Sign in the branch member whose phone on file is ``phone``; the same member twice is
    refused with the time of the first sign-in."""
    if not sign_in_open(meeting, today):
        raise ValidationError(_("Sign-in is open on the day of the meeting only."))
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) != 11:
        raise ValidationError({"phone": _("Give the 11-digit mobile number the branch has on file.")})
    member = expected_members(meeting).filter(phone=digits).first()
    if member is None:
        raise ValidationError(
            {"phone": _("No member expected at this meeting has this number on file: ask the secretary.")}
        )
    try:
        with transaction.atomic():
            return SignIn.objects.create(meeting=meeting, member=member)
    except IntegrityError:
        first = SignIn.objects.get(meeting=meeting, member=member)
        raise ValidationError(
            _("%(name)s signed in already at %(time)s.")
            % {"name": mask_name(member.name), "time": f"{timezone.localtime(first.signed_at):%H:%M}"}
        ) from None


def roll_from_sign_ins(meeting) -> dict[int, str]:
    """member pk → status for the secretary's form: signed in present, the others expected absent."""
    signed = set(meeting.sign_ins.values_list("member_id", flat=True))
    statuses = {
        pk: AttendanceStatus.PRESENT if pk in signed else AttendanceStatus.ABSENT
        for pk in expected_members(meeting).values_list("pk", flat=True)
    }
    for pk in signed - set(statuses):
        statuses[pk] = AttendanceStatus.PRESENT  # signed in, though not among those expected
    return statuses


def sign_in_sheet(meeting):
    """(member, standing label or "", signed-in time or None, status label or "") for the
    签到表: the attendance of a held meeting, those expected at a published one."""
    labels = dict(Standing.choices)
    if meeting.status == MeetingStatus.HELD:
        rows = meeting.attendances.select_related("member").order_by("member_id")
        signed = dict(meeting.sign_ins.values_list("member_id", "signed_at"))
        return [
            (row.member, labels.get(row.standing, ""), signed.get(row.member_id), row.get_status_display())
            for row in rows
        ]
    signed = dict(meeting.sign_ins.values_list("member_id", "signed_at"))
    members = list(expected_members(meeting)) + list(
        Member.objects.filter(pk__in=set(signed) - set(expected_members(meeting).values_list("pk", flat=True)))
    )
    standing = standings(meeting.branch, members, meeting.held_on)
    return [(member, labels[standing[member.pk]], signed.get(member.pk), "") for member in members]
