"""组织关系转接 pages: start a transfer, receive one, the letter with its 回执 (print and .docx),
the receipt, the receiving side's confirmation, and the list with the overdue receipts."""

import io
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.log import record
from audit.models import Action
from branches.permissions import can_view_full_id_number, reader_required, writer_required
from lib.forms import add_service_errors
from lib.pagination import page_of
from members.forms import MemberForm, TransferActionForm, TransferInForm, TransferOutForm
from members.letters import letter_context, letter_docx, parts
from members.models import Member, Transfer, TransferKind, TransferStatus
from members.permissions import may_transfer
from members.services import EditConflict
from members.transfers import (
    cancel_transfer,
    confirm_transfer,
    may_confirm,
    overdue_condition,
    receive_new_member,
    receive_transfer_in,
    record_receipt,
    start_transfer_out,
    start_transfer_within,
)
from members.views.registry import member_for


def _transfer_for(request, pk):
    return get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related(
            "member__branch__committee", "from_branch__committee", "to_branch__committee", "to_committee"
        ),
        pk=pk,
    )


def _office_only(request):
    if not may_transfer(request.user):
        raise PermissionDenied


@reader_required
def transfer_list(request):
    """转接 list: the user's transfers both ways, ``?status=``, ``?kind=``, ``?overdue=1``
    (回执 not back after the committee's months), ``?q=`` a name or letter number."""
    transfers = Transfer.objects.visible_to(request.user).select_related(
        "member__branch", "from_branch", "to_branch", "to_committee"
    )
    status, kind, overdue, q = (request.GET.get(key, "") for key in ("status", "kind", "overdue", "q"))
    if status in TransferStatus.values:
        transfers = transfers.filter(status=status)
    if kind in TransferKind.values:
        transfers = transfers.filter(kind=kind)
    if overdue:
        transfers = transfers.filter(overdue_condition())
    if q.strip():
        transfers = transfers.filter(Q(member__name__icontains=q.strip()) | Q(letter_number__icontains=q.strip()))
    context = {
        "page_obj": page_of(request, transfers.order_by("-issued_on", "-pk")),
        "statuses": TransferStatus.choices,
        "kinds": TransferKind.choices,
        "chosen": {"status": status, "kind": kind, "overdue": overdue, "q": q},
        "may_transfer": may_transfer(request.user),
        "overdue_ids": set(
            Transfer.objects.visible_to(request.user).filter(overdue_condition()).values_list("pk", flat=True)[:1000]
        ),
    }
    return render(request, "members/transfer_list.html", context)


def _attempt(request, form, member, action, *, retry, done):
    """Run ``action()``, a transfer service: the transfer's page with ``done`` said, or None
    with the service's reasons on the form, or back to ``retry`` after an edit conflict."""
    try:
        transfer = action()
    except EditConflict:
        messages.error(
            request, _("Someone else changed this file while you were working on it; check it and try again.")
        )
        return redirect(retry, pk=member.pk)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done % {"name": member.name})
    return redirect("members:transfer_detail", pk=transfer.pk)


@writer_required
@require_http_methods(["GET", "POST"])
def transfer_out(request, pk):
    """Start a transfer of a directly managed member: the letter out, or a move within."""
    _office_only(request)
    member = member_for(request, pk)
    form = TransferOutForm(request.POST or None, member=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = {key: data[key] for key in ("letter_number", "issued_on", "reason")}
        if data["kind"] == TransferKind.OUT:

            def action():
                return start_transfer_out(
                    member,
                    organisation=data["organisation"],
                    stays_as_mobile=data["stays_as_mobile"],
                    expected_version=data["version"],
                    user=request.user,
                    **letter,
                )
        else:

            def action():
                return start_transfer_within(
                    member, to_committee=data["to_committee"], to_branch=data["to_branch"], user=request.user, **letter
                )

        done = _attempt(
            request,
            form,
            member,
            action,
            retry="members:transfer_out",
            done=_("The transfer of %(name)s has been started."),
        )
        if done:
            return done
    return render(request, "members/transfer_form.html", {"form": form, "member": member, "title": _("Transfer out")})


def _letter_in(data):
    return {
        "organisation": data["organisation"],
        "letter_number": data["letter_number"],
        "issued_on": data["issued_on"],
        "received_on": data["completed_on"],
    }


@writer_required
@require_http_methods(["GET", "POST"])
def transfer_in(request, pk):
    """转入 for a file on record: the relation comes to the committee."""
    _office_only(request)
    member = member_for(request, pk)
    form = TransferInForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def action():
            return receive_transfer_in(member, **_letter_in(data), expected_version=data["version"], user=request.user)

        done = _attempt(
            request,
            form,
            member,
            action,
            retry="members:transfer_in",
            done=_("The relation of %(name)s has been received."),
        )
        if done:
            return done
    return render(request, "members/transfer_form.html", {"form": form, "member": member, "title": _("Transfer in")})


@writer_required
@require_http_methods(["GET", "POST"])
def transfer_in_new(request):
    """转入 of someone without a file here: the file and the letter on one page, saved together."""
    _office_only(request)
    member_form = MemberForm(request.POST or None, user=request.user, transfer_in=True)
    letter_form = TransferInForm(request.POST or None, prefix="letter")
    if request.method == "POST" and member_form.is_valid() and letter_form.is_valid():
        member = member_form.save(commit=False)
        try:
            transfer = receive_new_member(member, **_letter_in(letter_form.cleaned_data), user=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                add_service_errors(
                    member_form if field in member_form.fields else letter_form, ValidationError({field: problems})
                )
        else:
            messages.success(request, _("The relation of %(name)s has been received.") % {"name": member.name})
            return redirect("members:transfer_detail", pk=transfer.pk)
    context = {"member_form": member_form, "letter_form": letter_form}
    return render(request, "members/transfer_in_new.html", context)


@reader_required
def transfer_detail(request, pk):
    transfer = _transfer_for(request, pk)
    pending = transfer.status == TransferStatus.PENDING
    on_member_side = Member.objects.visible_to(request.user).filter(pk=transfer.member_id).exists()
    office = may_transfer(request.user) and on_member_side
    context = {
        "transfer": transfer,
        "member": transfer.member,
        "overdue": Transfer.objects.filter(pk=transfer.pk).filter(overdue_condition()).exists(),
        "receipt_form": TransferActionForm(submit=_("Record the receipt"))
        if pending and office and transfer.kind == TransferKind.OUT
        else None,
        "confirm_form": TransferActionForm(transfer=transfer, user=request.user, submit=_("Confirm the arrival"))
        if may_confirm(transfer, request.user)
        else None,
        "cancel_form": TransferActionForm(submit=_("Cancel the transfer")) if pending and office else None,
    }
    return render(request, "members/transfer_detail.html", context)


def _action(request, pk, act, *, allowed, done):
    transfer = _transfer_for(request, pk)
    if not allowed(transfer):
        raise PermissionDenied
    form = TransferActionForm(request.POST, transfer=transfer, user=request.user)
    if form.is_valid():
        try:
            act(transfer, form.cleaned_data)
        except (ValidationError, EditConflict) as error:
            problems = error.messages if isinstance(error, ValidationError) else [_("Someone else changed this file.")]
            for problem in problems:
                messages.error(request, problem)
        else:
            messages.success(request, done % {"name": transfer.member.name})
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
    return redirect("members:transfer_detail", pk=transfer.pk)


def _member_side(request, transfer):
    return may_transfer(request.user) and Member.objects.visible_to(request.user).filter(pk=transfer.member_id).exists()


@writer_required
@require_POST
def transfer_receipt(request, pk):
    return _action(
        request,
        pk,
        lambda transfer, data: record_receipt(
            transfer, received_on=data["completed_on"], receipt_note=data["receipt_note"], user=request.user
        ),
        allowed=lambda transfer: _member_side(request, transfer),
        done=_("The receipt for %(name)s has been recorded."),
    )


@writer_required
@require_POST
def transfer_confirm(request, pk):
    return _action(
        request,
        pk,
        lambda transfer, data: confirm_transfer(
            transfer, confirmed_on=data["completed_on"], branch=data.get("branch"), user=request.user
        ),
        allowed=lambda transfer: may_confirm(transfer, request.user),
        done=_("The arrival of %(name)s has been confirmed."),
    )


@writer_required
@require_POST
def transfer_cancel(request, pk):
    return _action(
        request,
        pk,
        lambda transfer, data: cancel_transfer(
            transfer, cancelled_on=data["completed_on"], reason=data["receipt_note"], user=request.user
        ),
        allowed=lambda transfer: _member_side(request, transfer),
        done=_("The transfer of %(name)s has been cancelled."),
    )


def _letter(request, pk):
    transfer = _transfer_for(request, pk)
    if transfer.kind == TransferKind.IN:
        raise PermissionDenied  # the sending organisation's letter is theirs to print
    full_id = can_view_full_id_number(request.user)
    context = letter_context(transfer, full_id=full_id, today=timezone.localdate())
    return transfer, {**context, "parts": parts(context)}


@reader_required
def transfer_letter(request, pk):
    """介绍信 with its 回执 stub, on A4, for printing."""
    transfer, context = _letter(request, pk)
    record(
        request, Action.EXPORT, obj=transfer.member, what="transfer letter", format="print", full_id=context["full_id"]
    )
    return render(request, "members/transfer_letter.html", {"transfer": transfer, **context})


@reader_required
def transfer_docx(request, pk):
    """The same letter as a Word file (python-docx)."""
    transfer, context = _letter(request, pk)
    record(
        request, Action.EXPORT, obj=transfer.member, what="transfer letter", format="docx", full_id=context["full_id"]
    )
    buffer = io.BytesIO()
    letter_docx(context).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    filename = f"组织关系介绍信-{transfer.letter_number or transfer.pk}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
