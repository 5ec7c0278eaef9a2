"""The payment sheet import: upload → a preview of every row (and its errors) → confirm."""

import base64
import secrets

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.exports import xlsx_response
from branches.permissions import writer_required
from dues import months
from dues.arrears import tracked_accounts
from dues.importing import ID_NUMBER, NAME, PAID_ON, WAY, check_sheet, import_sheet
from dues.models import DuesAccount

# The sheet waits in the session between preview and confirmation; a branch's sheet is a few
# kilobytes.
MAX_SHEET_BYTES = 2 * 1024 * 1024
SESSION_KEY = "dues_sheet"


class SheetForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Payment sheet (xlsx, xls or csv)"))


def _collector(request):
    return request.user.get_full_name() or request.user.get_username()


@writer_required
def sheet_import(request):
    """Upload a sheet: every row is checked and shown; nothing is written before 确认导入."""
    form = SheetForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_SHEET_BYTES:
            form.add_error("file", _("A payment sheet may be at most 2 MB; split it by branch."))
        else:
            data = upload.read()
            report = check_sheet(data, user=request.user)
            token = secrets.token_urlsafe(16)
            if report.ok:
                request.session[SESSION_KEY] = {
                    "token": token,
                    "name": upload.name[:100],
                    "data": base64.b64encode(data).decode(),
                }
            context.update(report=report, token=token, file_name=upload.name)
    return render(request, "dues/import.html", context)


@writer_required
@require_POST
def sheet_confirm(request):
    """确认导入: the sheet of the preview, checked again and written whole, or not at all."""
    stored = request.session.get(SESSION_KEY) or {}
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("The preview has expired or was replaced: upload the sheet again."))
        return redirect("dues:import")
    report = import_sheet(
        base64.b64decode(stored["data"]), user=request.user, collected_by=_collector(request), file_name=stored["name"]
    )
    if not report.written:
        return render(request, "dues/import.html", {"form": SheetForm(), "report": report, "file_name": stored["name"]})
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("%(count)s payments, %(total)s yuan in all, recorded from %(file)s.")
        % {"count": len(report.rows), "total": report.total, "file": stored["name"]},
    )
    return redirect("dues:ledger")


@writer_required
def sheet_template(request):
    """The sheet to fill in: the members whose dues the user's branches collect, this year's months."""
    today = timezone.localdate()
    first, last = months.year_bounds(today.year)
    accounts = (
        tracked_accounts(DuesAccount.objects.visible_to(request.user))
        .select_related("member__branch")
        .order_by("member__branch__committee_id", "member__branch__ordinal", "member_id")
    )
    headers = [_("Branch"), NAME, ID_NUMBER, PAID_ON, WAY, *[months.label(month) for month in range(first, last + 1)]]
    rows = (
        [account.member.branch.name, account.member.name, account.member.id_number, "", "", *[""] * 12]
        for account in accounts.iterator()
    )
    return xlsx_response(
        request,
        filename=_("Party dues sheet %(year)s") % {"year": today.year},
        headers=headers,
        rows=rows,
        title=None,
        what="dues_sheet_template",
    )
