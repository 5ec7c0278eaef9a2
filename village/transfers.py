"""The village side of 组织关系转接 and the village's export of its members.

A transfer letter out (介绍信) addressed to a home organisation of the county's list
(``Transfer.to_home``, matched from the letter's organisation when it is written) arrives on
that organisation's list; its secretary records the 回执 with members.transfers.record_receipt,
the same function and rules as the sending side's page (dates in order, once, the member's
status through the lifecycle). Another village's letter is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.exports import xlsx_response
from branches.permissions import home_secretary_required
from lib.pagination import page_of
from members.models import Transfer, TransferKind, TransferStatus
from members.transfers import record_receipt
from village.filters import VillageMemberFilter
from village.forms import TransferReceiptForm


def _transfers(request):
    return (
        Transfer.objects.visible_to(request.user)
        .filter(kind=TransferKind.OUT, to_home__isnull=False)
        .select_related("member", "from_branch__committee", "to_home__parent")
    )


@home_secretary_required
def transfer_list(request):
    """Letters addressed to the village: waiting for the 回执 (oldest first), or received."""
    done = request.GET.get("state") == "done"
    transfers = _transfers(request)
    if done:
        transfers = transfers.exclude(status=TransferStatus.PENDING).order_by("-completed_on", "-pk")
    else:
        transfers = transfers.filter(status=TransferStatus.PENDING).order_by("issued_on", "pk")
    context = {"page_obj": page_of(request, transfers), "done": done, "form": TransferReceiptForm(auto_id=False)}
    return render(request, "village/transfer_list.html", context)


@home_secretary_required
@require_POST
def transfer_receipt(request, pk):
    """回执: the village confirms the relation arrived; someone else's letter is a 404."""
    transfer = get_object_or_404(_transfers(request), pk=pk)
    form = TransferReceiptForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("village:transfer_list")
    try:
        record_receipt(
            transfer,
            received_on=form.cleaned_data["received_on"],
            receipt_note=form.cleaned_data["note"],
            user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("The receipt for %(name)s's relation is recorded.") % {"name": transfer.member.name}
        )
    return redirect("village:transfer_list")


@home_secretary_required
def member_export(request):
    """本村外出党员 as xlsx: the list's search, the ID numbers masked as on the pages."""
    from village.views import village_members

    filterset = VillageMemberFilter(request.GET or None, queryset=village_members(request), user=request.user)
    headers = [
        _("Name"),
        _("ID number"),
        _("Phone"),
        _("Status"),
        _("Village"),
        _("Committee"),
        _("Branch in Guangdong"),
        _("Work city"),
        _("Employer"),
    ]
    rows = (
        [
            member.name,
            member.masked_id_number,
            member.phone,
            member.get_status_display(),
            str(member.home_organisation or ""),
            member.branch.committee.short_name,
            member.branch.name,
            member.work_city,
            member.employer,
        ]
        for member in filterset.qs.iterator(chunk_size=2000)
    )
    return xlsx_response(
        request,
        filename=_("Our members away"),
        headers=headers,
        rows=rows,
        title=str(request.user.staff_scope.home_organisation),
        what="village_members",
        filters=request.GET.dict(),
    )
