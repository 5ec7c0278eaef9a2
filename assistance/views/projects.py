"""招商引资项目: projects members brought home, with totals by stage (意向 → 签约 → 在建 → 投产)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from assistance.filters import InvestmentProjectFilter
from assistance.forms import InvestmentProjectForm
from assistance.models.projects import projects_visible_to
from assistance.totals import projects_by_stage
from assistance.views.common import (
    change_required,
    export,
    filtered,
    form_page,
    list_page,
)
from branches.permissions import reader_required, writer_required


def _projects(request):
    return projects_visible_to(request.user).select_related("introduced_by", "branch")


@reader_required
def project_list(request):
    filterset = filtered(request, InvestmentProjectFilter, _projects(request))
    stages = projects_by_stage(filterset.qs)
    return list_page(
        request,
        "assistance/project_list.html",
        filterset,
        context={
            "new_url": reverse("assistance:project_create"),
            "export_url": reverse("assistance:project_export"),
            "stages": stages,
            "total": {key: sum(row[key] for row in stages) for key in ("count", "amount", "jobs", "output", "tax")},
        },
    )


@reader_required
def project_export(request):
    columns = [
        (_("name"), lambda p: p.name),
        (_("company"), lambda p: p.company),
        (_("introduced by"), lambda p: p.introduced_by.name if p.introducer_visible else ""),
        (_("investment (10,000 yuan)"), lambda p: float(p.amount_wan)),
        (_("township"), lambda p: p.township),
        (_("village"), lambda p: p.village),
        (_("industry"), lambda p: p.industry),
        (_("stage"), lambda p: p.get_stage_display()),
        (_("signed on"), lambda p: p.signed_on),
        (_("land (mu)"), lambda p: float(p.area_mu)),
        (_("jobs"), lambda p: p.jobs),
        (_("annual output (10,000 yuan)"), lambda p: float(p.annual_output_wan)),
        (_("annual tax (10,000 yuan)"), lambda p: float(p.annual_tax_wan)),
    ]
    return export(
        request,
        filtered(request, InvestmentProjectFilter, _projects(request)),
        filename=_("investment projects"),
        title=_("Investment projects"),
        columns=columns,
        what="assistance.InvestmentProject",
    )


def _project_form(request, instance=None):
    return form_page(
        request,
        InvestmentProjectForm,
        instance=instance,
        title=_("Edit the project") if instance else _("New project"),
        list_name="assistance:project_list",
        list_title=_("Investment projects"),
        saved=_("The project is saved."),
    )


@writer_required
def project_create(request):
    return _project_form(request)


@writer_required
def project_update(request, pk):
    project = get_object_or_404(_projects(request), pk=pk)
    change_required(request.user, project)
    return _project_form(request, project)
