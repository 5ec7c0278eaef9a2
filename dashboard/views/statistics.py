"""统计报表: the 党员队伍基本情况 report, the origin × destination table, and every
dashboard chart with its numbers as a table and as an xlsx download. All read-only."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.exports import workbook_response, xlsx_response
from branches.permissions import reader_required
from branches.scoping import user_scope
from dashboard.charts import render_svg
from dashboard.crosstab import origin_destination
from dashboard.exports import profile_workbook
from dashboard.forms import ProfileDateForm
from dashboard.profile import profile_report
from dashboard.tables import CHARTS


def _chart_or_404(slug):
    try:
        return CHARTS[slug]
    except KeyError:
        raise Http404(_("No such chart.")) from None


def _reporting_unit(user) -> str:
    """Who the figures are for: the user's branch or committee, or the whole county."""
    scope = user_scope(user)
    if scope is not None and scope.branch_id:
        return str(scope.branch)
    if scope is not None and scope.committee_id:
        return str(scope.committee)
    return _("Anren County")


@reader_required
def profile(request):
    form = ProfileDateForm(request.GET)
    report = profile_report(request.user, form.chosen_date())
    unit = _reporting_unit(request.user)
    context = {"form": form, "report": report, "unit": unit, "signatures": form.signatures(request.user, unit)}
    return render(request, "dashboard/profile.html", context)


@reader_required
def profile_xlsx(request):
    form = ProfileDateForm(request.GET)
    report = profile_report(request.user, form.chosen_date())
    unit = _reporting_unit(request.user)
    workbook = profile_workbook(report, unit, signatures=form.signatures(request.user, unit))
    return workbook_response(
        request,
        workbook,
        filename=_("Party members at a glance"),
        what="statistics.profile",
        filters={"on": report.on.isoformat()},
        rows=len(report.rows),
    )


@reader_required
def origin(request):
    return render(request, "dashboard/origin.html", {"table": origin_destination(request.user)})


@reader_required
def origin_xlsx(request):
    headers, rows = origin_destination(request.user).spreadsheet()
    title = _("Members by hometown township and work city")
    return xlsx_response(request, filename=title, headers=headers, rows=rows, title=title, what="statistics.origin")


@reader_required
def chart_table(request, slug):
    chart = _chart_or_404(slug)
    table = chart.build(request.user, timezone.localdate())
    return render(request, "dashboard/chart.html", {"chart": chart, "table": table, "charts": CHARTS.values()})


@reader_required
def chart_svg(request, slug):
    chart = _chart_or_404(slug)
    size = "narrow" if request.GET.get("size") == "narrow" else "wide"
    svg = render_svg(chart, chart.build(request.user, timezone.localdate()), size)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@reader_required
def chart_xlsx(request, slug):
    chart = _chart_or_404(slug)
    today = timezone.localdate()
    headers, rows = chart.build(request.user, today).spreadsheet()
    title = f"{chart.title}（{date_format(today, 'DATE_FORMAT')}）"
    return xlsx_response(
        request, filename=str(chart.title), headers=headers, rows=rows, title=title, what=f"statistics.chart.{slug}"
    )
