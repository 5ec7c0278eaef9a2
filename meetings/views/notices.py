"""Publishing a meeting, the QR sign-in on the day, and the print outs (A4 and .docx)."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.log import client_ip, record
from audit.models import Action
from branches.permissions import reader_required, writer_required
from meetings.forms import MeetingNoticeForm, SignInForm
from meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from meetings.notices import publish_meeting, sign_in, sign_in_open, sign_in_sheet
from meetings.printing import DOCX_TYPE, minutes_docx, sign_in_sheet_docx
from meetings.quorum import with_attendance_counts
from meetings.throttle import sign_in_attempt_allowed
from meetings.views.records import _chosen_branch
from members.id_number import mask_name


@writer_required
def meeting_publish(request):
    """发布会议通知: day, time, place, topic, who is expected; the QR sign-in link follows."""
    branch, picker = _chosen_branch(request)
    if branch is None:
        return render(request, "meetings/pick_branch.html", {"form": picker})
    initial = {"held_on": timezone.localdate(), "location": branch.venue_address, "kind": MeetingKind.THEMED_DAY}
    form = MeetingNoticeForm(request.POST or None, branch=branch, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = publish_meeting(branch=branch, user=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The meeting is published; show its QR code at the meeting."))
            return redirect("meetings:detail", pk=meeting.pk)
    action = f"{reverse('meetings:publish')}?branch={branch.pk}"
    return render(request, "meetings/publish.html", {"form": form, "branch": branch, "action": action})


@never_cache
def meeting_sign_in(request, pk, token):
    """The QR link: anyone with it (an attendee's phone) signs in by the phone number on file.
    A wrong token is a 404; the page names no member but the one who signed in."""
    meeting = Meeting.objects.filter(pk=pk, status=MeetingStatus.PLANNED).select_related("branch").first()
    if meeting is None or not meeting.sign_in_token or token != meeting.sign_in_token:
        raise Http404
    form = SignInForm(request.POST or None)
    signed = None
    if request.method == "POST" and not sign_in_attempt_allowed(meeting.pk, client_ip(request)):
        context = {
            "meeting": meeting,
            "form": SignInForm(),
            "throttled": _(
                "Too many sign-in attempts from here: wait ten minutes and try again, or ask the secretary."
            ),
            "open": sign_in_open(meeting),
        }
        return render(request, "meetings/sign_in.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            signed = sign_in(meeting, form.cleaned_data["phone"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
    context = {
        "meeting": meeting,
        "form": form,
        "signed": signed,
        "signed_name": mask_name(signed.member.name) if signed else "",
        "open": sign_in_open(meeting),
    }
    status = 400 if request.method == "POST" and signed is None else 200
    return render(request, "meetings/sign_in.html", context, status=status)


def _printable(request, pk):
    meeting = get_object_or_404(
        with_attendance_counts(Meeting.objects.visible_to(request.user)).select_related("branch", "party_group"),
        pk=pk,
    )
    return meeting


def _attendance_groups(meeting):
    rows = list(meeting.attendances.select_related("member").order_by("member_id"))
    return [
        (label, [row for row in rows if row.status == status])
        for status, label in (
            (AttendanceStatus.PRESENT, _("Present")),
            (AttendanceStatus.EXCUSED, _("On leave")),
            (AttendanceStatus.ABSENT, _("Absent")),
        )
    ]


def _docx(request, meeting, content, what, title):
    # A print out names members: logged like every export of member data.
    record(request, Action.EXPORT, obj=meeting, what=what, rows=meeting.expected_count)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    filename = f"{title}-{meeting.branch.name}-{meeting.held_on:%Y%m%d}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@reader_required
def print_minutes(request, pk):
    """会议记录, A4 (the browser prints it) or ``?format=docx``."""
    meeting = _printable(request, pk)
    attendance = _attendance_groups(meeting)
    if request.GET.get("format") == "docx":
        return _docx(
            request, meeting, minutes_docx(meeting, attendance), "meeting minutes", _("Minutes of the meeting")
        )
    record(request, Action.EXPORT, obj=meeting, what="meeting minutes (print)", rows=meeting.expected_count)
    context = {"meeting": meeting, "attendance": attendance, "printed_at": timezone.localtime()}
    return render(request, "meetings/print_minutes.html", context)


@reader_required
def print_sign_in(request, pk):
    """签到表, A4 or ``?format=docx``: those expected (or the roll), signed-in times, a column to sign."""
    meeting = _printable(request, pk)
    if request.GET.get("format") == "docx":
        return _docx(request, meeting, sign_in_sheet_docx(meeting), "sign-in sheet", _("Sign-in sheet"))
    rows = sign_in_sheet(meeting)
    record(request, Action.EXPORT, obj=meeting, what="sign-in sheet (print)", rows=len(rows))
    context = {
        "meeting": meeting,
        "rows": rows,
        "signed": sum(1 for row in rows if row[2]),
        "printed_at": timezone.localtime(),
    }
    return render(request, "meetings/print_sign_in.html", context)
