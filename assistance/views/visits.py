"""走访慰问: the visits list with totals per year, and the visit form."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from assistance.filters import VisitFilter
from assistance.forms import VisitForm
from assistance.models import Visit
from assistance.totals import visits_by_year
from assistance.views.common import export, filtered, form_page, list_page
from branches.permissions import reader_required, writer_required


def _visits(request):
    return Visit.objects.visible_to(request.user).select_related("member", "branch")


@reader_required
def visit_list(request):
    filterset = filtered(request, VisitFilter, _visits(request))
    return list_page(
        request,
        "assistance/visit_list.html",
        filterset,
        context={
            "new_url": reverse("assistance:visit_create"),
            "export_url": reverse("assistance:visit_export"),
            "years": visits_by_year(filterset.qs),
        },
    )


@reader_required
def visit_export(request):
    columns = [
        (_("visited on"), lambda v: v.visited_on),
        (_("occasion"), lambda v: v.get_occasion_display()),
        (_("visited"), lambda v: v.member.name if v.member_id else v.visitee_name),
        (_("branch"), lambda v: v.branch.name),
        (_("township"), lambda v: v.township),
        (_("village"), lambda v: v.village),
        (_("reason"), lambda v: v.get_reason_display()),
        (_("visitors"), lambda v: v.visitors),
        (_("cash (yuan)"), lambda v: float(v.cash)),
        (_("goods"), lambda v: v.goods),
        (_("value of goods (yuan)"), lambda v: float(v.goods_value)),
        (_("note"), lambda v: v.note),
    ]
    return export(
        request,
        filtered(request, VisitFilter, _visits(request)),
        filename=_("visits"),
        title=_("Visits"),
        columns=columns,
        what="assistance.Visit",
    )


def _visit_form(request, instance=None):
    return form_page(
        request,
        VisitForm,
        instance=instance,
        title=_("Record a visit"),
        list_name="assistance:visit_list",
        list_title=_("Visits"),
        saved=_("The visit is saved."),
    )


@writer_required
def visit_create(request):
    return _visit_form(request)


@writer_required
def visit_update(request, pk):
    return _visit_form(request, get_object_or_404(_visits(request), pk=pk))
