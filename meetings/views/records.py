"""Meeting records: list, export, log, edit, detail, attachments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.exports import xlsx_response
from branches.models import Branch
from branches.permissions import can_write, reader_required
from lib.pagination import page_of
from meetings.forms import AttachmentForm, AttendanceForm, BranchChoiceForm, MeetingFilter, MeetingForm
from meetings.models import (
    AttendanceStatus,
    Election,
    Meeting,
    MeetingAttachment,
    MeetingKind,
    MeetingStatus,
    PartyGroupMember,
)
from meetings.notices import roll_from_sign_ins, upcoming_and_awaiting
from meetings.quorum import with_attendance_counts
from meetings.records import (
    add_attachment,
    committee_member_ids,
    default_attendance,
    log_meeting,
    meeting_history,
    roster_for,
    update_meeting,
)
from meetings.standing import standings
from meetings.views.links import qr_svg, sign_in_url
from members.models import MemberStatus

# members.PostTitle values: who hosts and who keeps the minutes by default.
HOST_POST, RECORDER_POST = "secretary", "organisation"


def require_writer(request):
    """The auditor (and anyone without a writing role) reads only: 403 on every write."""
    if not can_write(request.user):
        raise PermissionDenied


def listed_meetings(user):
    """The meetings a user sees, with their counts, for the list and the export."""
    attachments = MeetingAttachment.objects.filter(meeting=OuterRef("pk"))
    return (
        with_attendance_counts(Meeting.objects.visible_to(user).select_related("branch"))
        .annotate(has_attachments=Exists(attachments))
        # A grouped query drops Meta.ordering: say it again for the paginator.
        .order_by("-held_on", "-pk")
    )


@reader_required
def meeting_list(request):
    filterset = MeetingFilter(request.GET or None, queryset=listed_meetings(request.user), request=request)
    page = page_of(request, filterset.qs)
    # The published meetings in one query: those to come (the next ten) and, the 待确认 work
    # list, those whose day is past without a confirmed roll (all of them).
    today = timezone.localdate()
    published = list(upcoming_and_awaiting(Meeting.objects.visible_to(request.user).select_related("branch"), today))
    context = {
        "filter": filterset,
        "page_obj": page,
        "can_write": can_write(request.user),
        "upcoming": [m for m in published if m.held_on >= today][:10],
        "awaiting_roll": [m for m in published if m.held_on < today],
    }
    return render(request, "meetings/list.html", context)


@reader_required
def meeting_export(request):
    filterset = MeetingFilter(request.GET or None, queryset=listed_meetings(request.user), request=request)
    headers = [
        _("Held on"),
        _("Branch"),
        _("Kind"),
        _("Topic"),
        _("Location"),
        _("Host"),
        _("Recorder"),
        _("Expected"),
        _("Attended"),
        _("On leave"),
        _("Absent"),
        _("Quorum"),
        _("Late entry"),
        _("Observers"),
    ]
    quorum_text = {True: _("Met"), False: _("Quorum not reached"), None: ""}
    rows = (
        [
            meeting.held_on,
            meeting.branch.name,
            meeting.get_kind_display(),
            meeting.topic,
            _("Online") if meeting.online else meeting.location,
            meeting.host,
            meeting.recorder,
            meeting.expected_count,
            meeting.present_count,
            meeting.excused_count,
            meeting.absent_count,
            quorum_text[meeting.quorum_met],
            meeting.late_entry,
            meeting.observers,
        ]
        for meeting in filterset.qs.iterator(chunk_size=500)
    )
    return xlsx_response(
        request,
        filename=_("Meeting records"),
        headers=headers,
        rows=rows,
        title=_("Meeting records"),
        what="meetings",
        filters={key: value for key, value in request.GET.items() if value},
    )


def _meeting_defaults(branch):
    names = dict(
        branch.posts.filter(ended_on__isnull=True, title__in=[HOST_POST, RECORDER_POST]).values_list(
            "title", "member__name"
        )
    )
    return {
        "host": names.get(HOST_POST, ""),
        "recorder": names.get(RECORDER_POST, ""),
        "location": branch.venue_address,
    }


def _chosen_branch(request):
    """The branch a new meeting is for: the secretary's own, or the one picked."""
    branches = Branch.objects.visible_to(request.user).filter(dissolved_on__isnull=True)
    if "branch" in request.GET:
        picker = BranchChoiceForm(request.GET, user=request.user)
        if not picker.is_valid():
            raise Http404
        return picker.cleaned_data["branch"], None
    only = list(branches[:2])
    if len(only) == 1:
        return only[0], None
    if not only:
        raise Http404
    return None, BranchChoiceForm(user=request.user)


def _mark_groups(branch, members):
    """Each member's 党小组 on the roll (a 党小组会 expects its group: static/js/meetings.js)."""
    group_of = dict(PartyGroupMember.objects.filter(group__branch=branch).values_list("member_id", "group_id"))
    for member in members:
        member.roll_group = group_of.get(member.pk, "")
    return members


@reader_required
def meeting_create(request):
    require_writer(request)
    branch, picker = _chosen_branch(request)
    if branch is None:
        return render(request, "meetings/pick_branch.html", {"form": picker})
    members = _mark_groups(branch, list(roster_for(branch)))
    committee_ids = committee_member_ids(branch)
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else None
    statuses = default_attendance(kind, [member.pk for member in members], committee_ids)
    roll = {
        "members": members,
        "initial_statuses": statuses,
        "committee_ids": committee_ids,
        "standings": standings(branch, members, timezone.localdate()),
    }
    if request.method == "POST":
        meeting_form = MeetingForm(request.POST, branch=branch)
        attendance_form = AttendanceForm(request.POST, **roll)
        attachment_form = AttachmentForm(request.POST, request.FILES)
        if meeting_form.is_valid() and attendance_form.is_valid() and attachment_form.is_valid():
            meeting = log_meeting(
                branch=branch,
                user=request.user,
                fields=meeting_form.cleaned_data,
                attendance=attendance_form.attendance(),
                attachments=attachment_form.attachments(),
            )
            messages.success(request, _("The meeting was logged."))
            return _after_save(request, meeting)
    else:
        meeting_form = MeetingForm(
            initial={"kind": kind, "held_on": timezone.localdate(), **_meeting_defaults(branch)}, branch=branch
        )
        attendance_form = AttendanceForm(**roll)
        attachment_form = AttachmentForm()
    return render(
        request,
        "meetings/form.html",
        {
            "branch": branch,
            "meeting_form": meeting_form,
            "attendance_form": attendance_form,
            "attachment_form": attachment_form,
            "action": f"{reverse('meetings:create')}?branch={branch.pk}",
        },
    )


@reader_required
def meeting_update(request, pk):
    require_writer(request)
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("branch"), pk=pk)
    rows = {row.member_id: row for row in meeting.attendances.all()}
    # Members who have since left the roll keep their line on their past meetings.
    members = _mark_groups(
        meeting.branch,
        list(meeting.branch.members.filter(Q(status=MemberStatus.ACTIVE) | Q(pk__in=rows)).order_by("pk")),
    )
    committee_ids = committee_member_ids(meeting.branch)
    statuses = {member_id: row.status for member_id, row in rows.items()}
    reasons = {member_id: row.reason for member_id, row in rows.items()}
    confirming = meeting.status == MeetingStatus.PLANNED
    if confirming:
        # A published meeting: the roll starts from the QR sign-ins, for the secretary to confirm.
        statuses = roll_from_sign_ins(meeting)
    standing = standings(meeting.branch, members, meeting.held_on) | {
        member_id: row.standing for member_id, row in rows.items()
    }
    form_kwargs = {
        "members": members,
        "initial_statuses": statuses,
        "initial_reasons": reasons,
        "committee_ids": committee_ids,
        "standings": standing,
    }
    if request.method == "POST":
        meeting_form = MeetingForm(request.POST, instance=meeting)
        attendance_form = AttendanceForm(request.POST, **form_kwargs)
        if meeting_form.is_valid() and attendance_form.is_valid():
            # The ModelForm already set the fields on the instance; update_meeting saves them with the roll.
            fields = meeting_form.cleaned_data | ({"status": MeetingStatus.HELD} if confirming else {})
            update_meeting(meeting, user=request.user, fields=fields, attendance=attendance_form.attendance())
            messages.success(request, _("The meeting was updated."))
            return _after_save(request, meeting)
    else:
        meeting_form = MeetingForm(instance=meeting)
        attendance_form = AttendanceForm(**form_kwargs)
    return render(
        request,
        "meetings/form.html",
        {
            "branch": meeting.branch,
            "meeting": meeting,
            "meeting_form": meeting_form,
            "attendance_form": attendance_form,
            "action": reverse("meetings:update", args=[meeting.pk]),
            "confirming": confirming,
        },
    )


def _after_save(request, meeting):
    counted = with_attendance_counts(Meeting.objects.filter(pk=meeting.pk)).get()
    if counted.quorum_met is False:
        messages.warning(request, _("Quorum not reached: decisions of this meeting need more than half present."))
    if counted.late_entry:
        messages.info(request, _("Logged more than 30 days after the meeting: marked as a late entry."))
    return redirect("meetings:detail", pk=meeting.pk)


def _render_detail(request, meeting, attachment_form=None):
    attendances = list(meeting.attendances.select_related("member").order_by("member_id"))
    by_status = {status: [row for row in attendances if row.status == status] for status in AttendanceStatus.values}
    context = {
        "meeting": meeting,
        "present": by_status[AttendanceStatus.PRESENT],
        "excused": by_status[AttendanceStatus.EXCUSED],
        "absent": by_status[AttendanceStatus.ABSENT],
        "attachments": meeting.attachments.order_by("pk"),
        "history": meeting_history(meeting),
        "can_write": can_write(request.user),
        "attachment_form": attachment_form or AttachmentForm(),
        "election": Election.objects.filter(meeting=meeting).prefetch_related("candidates__member").first(),
    }
    if meeting.status == MeetingStatus.PLANNED:
        url = sign_in_url(request, meeting)
        context |= {
            "sign_in_link": url,
            "sign_in_qr": qr_svg(url),
            "sign_ins": meeting.sign_ins.select_related("member").order_by("signed_at"),
        }
    return render(request, "meetings/detail.html", context, status=400 if attachment_form else 200)


def _visible_meeting(request, pk):
    meetings = with_attendance_counts(Meeting.objects.visible_to(request.user)).select_related("branch", "recorded_by")
    return get_object_or_404(meetings, pk=pk)


@reader_required
def meeting_detail(request, pk):
    return _render_detail(request, _visible_meeting(request, pk))


@reader_required
@require_POST
def attachment_upload(request, pk):
    require_writer(request)
    meeting = _visible_meeting(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, meeting, attachment_form=form)
    files = form.attachments()
    if not files:
        form.add_error(None, _("Choose at least one file."))
        return _render_detail(request, meeting, attachment_form=form)
    with transaction.atomic():
        for uploaded, kind in files:
            add_attachment(meeting, uploaded, kind, user=request.user)
    messages.success(request, _("%(count)d file(s) uploaded.") % {"count": len(files)})
    return redirect("meetings:detail", pk=meeting.pk)


@reader_required
def attachment_download(request, pk):
    """Files are served only here, after the scope check: another branch's file is a 404."""
    attachment = get_object_or_404(MeetingAttachment.objects.visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment="download" in request.GET,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
