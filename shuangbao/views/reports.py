"""报告: the period board of reports to the home organisation, its export, and recording a report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.exports import xlsx_response
from branches.models import Branch
from branches.permissions import reader_required, writer_required
from lib.pagination import page_of
from lib.xlsx import iso_date
from members.models import Member
from shuangbao import rules
from shuangbao.acknowledgements import ACKNOWLEDGE_WITHIN_DAYS, overdue_acknowledgements
from shuangbao.forms import (
    ReportBoardFilter,
    ReportForm,
    ReportGridForm,
)
from shuangbao.rates import report_rates, total
from shuangbao.rules import BoardStatus, current_period
from shuangbao.services import (
    record_report,
)
from shuangbao.views.common import _committee, _preselected_member, _record_page, _render


def _board(request):
    committee = _committee(request)
    periods = current_period(committee).recent(8)
    chosen = request.GET.get("period")
    period = next((p for p in periods if f"{p.start:%Y-%m-%d}" == chosen), periods[0])
    members = (
        Member.objects.visible_to(request.user)
        .filter(branch__committee=committee)
        .select_related("branch", "home_organisation")
    )
    queryset = rules.report_board(members, period).order_by("branch__ordinal", "report_status", "name")
    data = request.GET.copy()
    data.setdefault("period", f"{period.start:%Y-%m-%d}")
    filterset = ReportBoardFilter(data, queryset=queryset, user=request.user, periods=periods)
    return committee, period, filterset


@reader_required
def report_board(request):
    committee, period, filterset = _board(request)
    branches = Branch.objects.visible_to(request.user).filter(committee=committee).order_by("ordinal")
    selected = filterset.form.cleaned_data.get("branch") if filterset.is_valid() else None
    if selected:
        branches = branches.filter(pk=selected.pk)
    branches = list(branches)
    rates = report_rates(branches, period)
    context = {
        "filter": filterset,
        "page_obj": page_of(request, filterset.qs),
        "period": period,
        "rates": [(branch, rates[branch.pk]) for branch in branches],
        "total": total(rates.values()),
        "labels": dict(BoardStatus.choices),
    }
    return _render(request, "shuangbao/report_board.html", context)


@reader_required
def report_board_export(request):
    period, filterset = _board(request)[1:]
    labels = dict(BoardStatus.choices)
    rows = (
        [
            m.name,
            m.phone,
            m.branch.name,
            m.home_organisation_display,
            labels[m.report_status],
            iso_date(m.report_submitted_on),
        ]
        for m in filterset.qs
    )
    headers = [_("Name"), _("Phone"), _("Branch"), _("Home organisation"), _("Report status"), _("Submitted on")]
    return xlsx_response(
        request,
        filename=f"报告情况-{period.label}",
        headers=headers,
        rows=rows,
        title=_("Reports for %(period)s") % {"period": period},
        what="report_board",
        filters=request.GET.dict(),
    )


@writer_required
def report_create(request):
    member = _preselected_member(request)
    committee = member.branch.committee if member else _committee(request)
    form = ReportForm(request.POST or None, user=request.user, cycle=committee.report_cycle, initial={"member": member})
    return _record_page(
        request,
        form,
        record_report,
        ["period_start", "submitted_on", "channel", "summary", "acknowledged_by", "acknowledged_on"],
        saved=_("Report of %(name)s recorded."),
        title=_("Record a report"),
        member=member,
    )


# --- 报告登记表: one screen for a period's reports of many members ------------------------------

GRID_PAGE_SIZE = 50


@writer_required
def report_grid(request):
    """报告登记表: the period's members who have not reported yet (the board's filters), each
    row a tick, a channel and a date; saved in one transaction through ``record_report``, the
    same rules as one report at a time. One bad row and nothing is written; every bad row is
    shown with its reason."""
    committee, period, filterset = _board(request)
    members = filterset.qs.filter(report_status=BoardStatus.OVERDUE)
    page = page_of(request, members, per_page=GRID_PAGE_SIZE)
    rows = list(page)
    form = ReportGridForm(request.POST or None, members=rows, period=period)
    if request.method == "POST" and form.is_valid():
        entries = form.entries()
        if not entries:
            form.add_error(None, _("Tick the members whose report you are recording."))
        else:
            errors = {}
            try:
                with transaction.atomic():
                    for member, channel, submitted_on in entries:
                        try:
                            record_report(
                                member,
                                period_start=period.start,
                                submitted_on=submitted_on,
                                channel=channel,
                                summary=form.cleaned_data["summary"],
                                user=request.user,
                            )
                        except ValidationError as error:
                            errors[member.pk] = " ".join(error.messages)
                    if errors:
                        raise _GridRefused
            except _GridRefused:
                form.row_errors = errors
                form.add_error(None, _("Nothing was saved: correct the rows marked below."))
            else:
                messages.success(
                    request,
                    _("%(count)s reports for %(period)s have been recorded.")
                    % {"count": len(entries), "period": period},
                )
                return redirect(f"{reverse('shuangbao:report_grid')}?{request.GET.urlencode()}")
    context = {
        "filter": filterset,
        "page_obj": page,
        "period": period,
        "committee": committee,
        "form": form,
        "rows": form.rows(),
    }
    return _render(request, "shuangbao/report_grid.html", context)


class _GridRefused(Exception):
    """Rolls the grid back when any row was refused."""


@reader_required
def unacknowledged_reports(request):
    """The branch's side of 签收: its members' reports that the home village has left
    unacknowledged for more than 15 days, oldest first, with whom to call at home."""
    reports = overdue_acknowledgements(request.user).select_related("member__home_organisation")
    context = {"page_obj": page_of(request, reports), "within_days": ACKNOWLEDGE_WITHIN_DAYS}
    return _render(request, "shuangbao/unacknowledged_reports.html", context)
