"""Arrears lists, the branch ledger with its 上缴, and the yearly 党费收缴情况表 (print and xlsx)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.exports import xlsx_response
from branches.models import Branch, Committee
from branches.permissions import can_write, reader_required, writer_required
from dues import months
from dues.arrears import ARREARS_MONTHS, LAPSED_MONTHS, arrears_for
from dues.forms import RemittanceForm
from dues.ledgers import branch_ledger, yearly_report
from dues.models import Remittance
from lib.pagination import page_of
from lib.widgets import CompactSelect


class ArrearsFilter(forms.Form):
    branch = forms.TypedChoiceField(label=gettext_lazy("Branch"), required=False, coerce=int, widget=CompactSelect)
    behind = forms.TypedChoiceField(
        label=gettext_lazy("Months in arrears"),
        required=False,
        coerce=int,
        choices=[(ARREARS_MONTHS, gettext_lazy("3 months or more")), (LAPSED_MONTHS, gettext_lazy("6 months or more"))],
    )
    lapsed = forms.BooleanField(label=gettext_lazy("No reason recorded (自行脱党 warning)"), required=False)

    def __init__(self, data, *, branches):
        super().__init__(data)
        self.fields["branch"].choices = [("", _("All branches"))] + [(b.pk, b.name) for b in branches]


def _branches(user):
    return list(Branch.objects.visible_to(user).select_related("committee").order_by("committee_id", "ordinal"))


@reader_required
def arrears(request):
    """欠缴名单: 3 months and more; 6 and more without a reason is the 自行脱党 warning."""
    today = timezone.localdate()
    branches = _branches(request.user)
    form = ArrearsFilter(request.GET or None, branches=branches)
    chosen = form.cleaned_data if form.is_valid() else {}
    lapsed = chosen.get("lapsed")
    behind = LAPSED_MONTHS if lapsed else (chosen.get("behind") or ARREARS_MONTHS)
    accounts = arrears_for(request.user, today, behind).select_related("member__branch")
    if chosen.get("branch"):
        accounts = accounts.filter(member__branch_id=chosen["branch"])
    if lapsed:
        accounts = accounts.filter(arrears_reason="")
    page = page_of(request, accounts)
    for account in page:
        account.owed = account.behind * account.standard
    context = {"filter": form, "page_obj": page, "behind": behind, "nav": "arrears", "today": today}
    return render(request, "dues/arrears.html", context)


def _year(request, today):
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@reader_required
def ledger(request):
    """党费台账 of one branch (?branch=, the user's first by default) for a year (?year=)."""
    today = timezone.localdate()
    branches = _branches(request.user)
    if not branches:
        raise PermissionDenied
    branch = branches[0]
    chosen = request.GET.get("branch", "")
    if chosen:
        branch = get_object_or_404(
            Branch.objects.visible_to(request.user).select_related("committee"), pk=chosen if chosen.isdigit() else 0
        )
    year = _year(request, today)
    context = {
        "ledger": branch_ledger(branch, year, today),
        "branches": branches,
        "branch": branch,
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "can_write": can_write(request.user),
        "form": RemittanceForm(today=today) if can_write(request.user) else None,
        "nav": "ledger",
    }
    return render(request, "dues/ledger.html", context)


@writer_required
def remittance_create(request, pk):
    """上缴: a month's dues of a branch handed up to the county; another branch's is a 404."""
    branch = get_object_or_404(Branch.objects.visible_to(request.user), pk=pk)
    form = RemittanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                remittance = Remittance(branch=branch, recorded_by=request.user, **data)
                remittance._history_user = request.user
                remittance.save()
        except IntegrityError:
            form.add_error("month", _("This month's dues are already handed up."))
        else:
            messages.success(
                request,
                _("%(month)s: %(amount)s yuan handed up.")
                % {"month": months.label(data["month"]), "amount": data["amount"]},
            )
            year = months.year_month(data["month"])[0]
            return redirect(f"{reverse('dues:ledger')}?branch={branch.pk}&year={year}")
    return render(request, "dues/remittance_form.html", {"form": form, "branch": branch})


def _report(request):
    today = timezone.localdate()
    committees = list(Committee.objects.visible_to(request.user))
    if not committees:
        raise PermissionDenied
    committee = committees[0]
    chosen = request.GET.get("committee", "")
    if chosen:
        committee = get_object_or_404(Committee.objects.visible_to(request.user), pk=chosen if chosen.isdigit() else 0)
    year = _year(request, today)
    branches = [branch for branch in _branches(request.user) if branch.committee_id == committee.pk]
    rows, total = yearly_report(branches, year, today)
    return {
        "committee": committee,
        "committees": committees,
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "rows": rows,
        "total": total,
        "month_labels": [f"{month}月" for month in range(1, 13)],
        "today": today,
    }


@reader_required
def report(request):
    """党费收缴情况表 of a committee for a year, to print."""
    context = _report(request) | {"nav": "report"}
    return render(request, "dues/report.html", context)


@reader_required
def report_xlsx(request):
    context = _report(request)
    headers = [
        _("Branch"),
        _("Members paying here"),
        _("Expected (yuan)"),
        _("Collected (yuan)"),
        _("Collection rate (%)"),
        _("Arrears (yuan)"),
        _("Members 3+ months behind"),
        _("Handed up (yuan)"),
        _("Last handed up on"),
        *context["month_labels"],
    ]

    def line(row, name):
        return [
            name,
            row.members,
            row.expected,
            row.collected,
            row.rate,
            row.arrears,
            row.in_arrears,
            row.remitted,
            row.last_remitted_on,
            *[row.by_month.get(month, 0) for month in range(*_year_range(context["year"]))],
        ]

    rows = [line(row, row.branch.name) for row in context["rows"]] + [line(context["total"], _("Total"))]
    title = _("%(committee)s: party dues collected in %(year)s") % {
        "committee": context["committee"].name,
        "year": context["year"],
    }
    return xlsx_response(
        request,
        filename=_("Party dues %(year)s") % {"year": context["year"]},
        headers=headers,
        rows=rows,
        title=title,
        what="dues_report",
        filters=request.GET.dict(),
    )


def _year_range(year):
    first, last = months.year_bounds(year)
    return first, last + 1
