"""The compliance matrix (三会一课 rhythm per branch) and members' attendance rates."""

import io
from urllib.parse import quote

from django.apps import apps
from django.db.models import F, FloatField
from django.db.models.functions import Cast, NullIf
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, PatternFill

from audit.exports import xlsx_response
from audit.log import record
from audit.models import Action
from branches.models import Branch
from branches.permissions import can_write_committee_wide, reader_required
from lib.pagination import page_of
from lib.xlsx import XLSX_TYPE, build_workbook
from meetings.compliance import CellStatus, Granularity, compliance_matrix, period_label
from meetings.forms import AttendanceRateForm, ComplianceForm
from meetings.models import ComplianceRule
from meetings.quorum import absent_from_every_meeting, attendance_rates
from members.models import MemberStatus

CELL_FILLS = {CellStatus.MET: "C6EFCE", CellStatus.MISSED: "FFC7CE", CellStatus.PENDING: "FFEB9C"}


def _matrix(request, *, paged=False):
    """The matrix of the user's branches (a page of them on the page: a province's 200
    branches are ten pages, the export has them all)."""
    form = ComplianceForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    year, granularity, committee = today.year, Granularity.MONTH, None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        granularity = form.cleaned_data["granularity"]
        committee = form.cleaned_data["committee"]
    branches = Branch.objects.visible_to(request.user).select_related("committee")
    if committee:
        branches = branches.filter(committee=committee)
    page = page_of(request, branches) if paged else None
    rows = compliance_matrix(page.object_list if paged else branches, year, granularity, today=today)
    step = Granularity(granularity).months
    periods = [period_label(year, first, granularity) for first in range(1, 13, step)]
    return form, rows, periods, year, granularity, committee, page


@reader_required
def compliance(request):
    form, rows, periods, year, granularity, committee, page = _matrix(request, paged=True)
    rules = ComplianceRule.objects.visible_to(request.user).select_related("committee").order_by("committee_id", "pk")
    if committee:
        rules = rules.filter(committee=committee)
    context = {
        "form": form,
        "rows": rows,
        "page_obj": page,
        "periods": periods,
        "year": year,
        "granularity": granularity,
        "rules": rules,
        "statuses": CellStatus,
        "list_url": reverse("meetings:list"),
        "today": timezone.localdate(),
        # A committee setting: its staff and the county set the rules (meetings:rules).
        "can_edit_rules": can_write_committee_wide(request.user),
    }
    return render(request, "meetings/compliance.html", context)


def _cell_text(cell):
    if cell.status == CellStatus.NOT_APPLICABLE:
        return "—"
    if cell.status == CellStatus.FUTURE:
        return ""
    text = _("%(count)d held") % {"count": cell.count}
    if cell.missing:
        label = _("Missing") if cell.status == CellStatus.MISSED else _("Still due")
        text += f"\n{label}: " + "、".join(cell.missing)
    return text


@reader_required
def compliance_export(request):
    _form, rows, periods, year, _granularity, _committee, _page = _matrix(request)
    title = _("Organisational life compliance, %(year)d") % {"year": year}
    headers = [_("Branch"), *periods, _("Periods missed")]
    data = [[row.branch.name, *(_cell_text(cell) for cell in row.cells), row.missed] for row in rows]
    workbook, count = build_workbook(headers, data, title=title)
    sheet = workbook.active
    for row_index, row in enumerate(rows, start=3):
        for column_index, cell in enumerate(row.cells, start=2):
            target = sheet.cell(row=row_index, column=column_index)
            target.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.status in CELL_FILLS:
                target.fill = PatternFill("solid", fgColor=CELL_FILLS[cell.status])
    buffer = io.BytesIO()
    workbook.save(buffer)
    record(request, Action.EXPORT, what="meeting compliance", filters=dict(request.GET.items()), rows=count)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    filename = f"{_('Compliance matrix')}-{year}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _rates(request):
    Member = apps.get_model("members", "Member")
    today = timezone.localdate()
    form = AttendanceRateForm(request.GET or None, user=request.user)
    start, end = form.period(today)
    members = Member.objects.visible_to(request.user).filter(status=MemberStatus.ACTIVE).select_related("branch")
    lost = Member.objects.visible_to(request.user).select_related("branch")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["branch"]:
            members = members.filter(branch=form.cleaned_data["branch"])
            lost = lost.filter(branch=form.cleaned_data["branch"])
        if form.cleaned_data["q"]:
            members = members.filter(name__icontains=form.cleaned_data["q"])
    rates = (
        attendance_rates(members, start, end)
        .annotate(
            rate=Cast(F("present_count"), FloatField()) * 100 / Cast(NullIf(F("expected_count"), 0), FloatField())
        )
        # The weakest attendance first: that is who the secretary should call.
        .order_by(F("rate").asc(nulls_last=True), "branch_id", "pk")
    )
    return form, start, end, rates, absent_from_every_meeting(lost, today)


@reader_required
def attendance(request):
    form, start, end, rates, lost = _rates(request)
    page = page_of(request, rates)
    context = {"form": form, "start": start, "end": end, "page_obj": page, "lost": lost}
    return render(request, "meetings/attendance.html", context)


@reader_required
def attendance_export(request):
    _form, start, end, rates, _lost = _rates(request)
    headers = [_("Name"), _("Branch"), _("Expected"), _("Attended"), _("On leave"), _("Absent"), _("Attendance rate")]
    rows = (
        [
            member.name,
            member.branch.name,
            member.expected_count,
            member.present_count,
            member.excused_count,
            member.absent_count,
            f"{member.rate:.0f}%" if member.rate is not None else "—",
        ]
        for member in rates.iterator(chunk_size=500)
    )
    title = _("Attendance %(start)s to %(end)s") % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    return xlsx_response(
        request,
        filename=_("Attendance rates"),
        headers=headers,
        rows=rows,
        title=title,
        what="attendance rates",
        filters={key: value for key, value in request.GET.items() if value},
    )
