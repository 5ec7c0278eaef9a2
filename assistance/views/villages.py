"""结对帮扶村: the villages each branch is paired with, and the households it visited there."""

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assistance.filters import PairedVillageFilter
from assistance.forms import PairedVillageForm
from assistance.totals import paired_villages_with_visits
from assistance.views.common import export, filtered, form_page, list_page
from branches.models import PairedVillage
from branches.permissions import reader_required, writer_required


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
            "new_url": reverse("assistance:paired_village_create"),
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


def _village_form(request, instance=None, initial=None):
    """A branch's secretary pairs its own branch (the branch choices are the user's own);
    back to the branch's page, where the pairing shows."""
    return form_page(
        request,
        PairedVillageForm,
        instance=instance,
        title=_("Edit a paired village") if instance else _("Pair with a village"),
        list_name="assistance:paired_village_list",
        list_title=_("Paired villages"),
        saved=_("The paired village is saved."),
        then=lambda village: reverse("dashboard:branch_detail", args=[village.branch_id]),
        initial=initial,
    )


@writer_required
def paired_village_create(request):
    # From a branch's page (?branch=): that branch preselected, if it is among the choices.
    return _village_form(request, initial={"branch": request.GET.get("branch", "")[:12]})


@writer_required
def paired_village_update(request, pk):
    return _village_form(request, get_object_or_404(PairedVillage.objects.visible_to(request.user), pk=pk))


@writer_required
def paired_village_delete(request, pk):
    """A pairing entered by mistake, or one that has ended, comes off the list; its history
    keeps who removed it and when."""
    village = get_object_or_404(PairedVillage.objects.visible_to(request.user).select_related("branch"), pk=pk)
    if request.method == "POST":
        branch_id = village.branch_id
        village.delete()
        messages.success(request, _("The pairing with %(village)s is removed.") % {"village": village})
        return redirect("dashboard:branch_detail", pk=branch_id)
    context = {
        "object": village,
        "title": _("Remove a paired village"),
        "question": _("Remove the pairing of %(branch)s with %(village)s?")
        % {"branch": village.branch.name, "village": village},
        "cancel_url": reverse("dashboard:branch_detail", args=[village.branch_id]),
        "list_url": reverse("assistance:paired_village_list"),
        "list_title": _("Paired villages"),
    }
    return render(request, "includes/confirm_delete.html", context)
