"""结对帮扶村: the villages each branch is paired with, and the households it visited there."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from assistance.filters import PairedVillageFilter
from assistance.totals import paired_villages_with_visits
from assistance.views.common import export, filtered, list_page
from branches.models import PairedVillage
from branches.permissions import reader_required


def _villages(request):
    return paired_villages_with_visits(PairedVillage.objects.visible_to(request.user).select_related("branch"))


@reader_required
def paired_village_list(request):
    filterset = filtered(request, PairedVillageFilter, _villages(request))
    return list_page(
        request,
        "assistance/paired_village_list.html",
        filterset,
        context={
            "export_url": reverse("assistance:paired_village_export"),
            "visited_total": filterset.qs.aggregate(total=Sum("visited"))["total"] or 0,
        },
    )


@reader_required
def paired_village_export(request):
    columns = [
        (_("branch"), lambda v: v.branch.name),
        (_("township"), lambda v: v.township),
        (_("village"), lambda v: v.village),
        (_("paired since"), lambda v: v.since),
        (_("households visited"), lambda v: v.visited),
        (_("note"), lambda v: v.note),
    ]
    return export(
        request,
        filtered(request, PairedVillageFilter, _villages(request)),
        filename=_("paired villages"),
        title=_("Paired villages"),
        columns=columns,
        what="branches.PairedVillage",
    )
