import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.filters import AuditEntryFilter
from audit.log import record
from audit.models import Action, AuditEntry
from branches.exports import xlsx_response
from branches.permissions import can_read_audit_log, can_view_full_id_number
from members.models import Member


def _audit_entries(request):
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    return AuditEntryFilter(request.GET, queryset=AuditEntry.objects.all())


@login_required
@never_cache
def entry_list(request):
    filterset = _audit_entries(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"filter": filterset, "page_obj": page})


@login_required
def entry_export(request):
    filterset = _audit_entries(request)
    rows = (
        (
            entry.created_at,
            entry.username,
            entry.get_action_display(),
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
            entry.ip_address,
        )
        for entry in filterset.qs.iterator(chunk_size=2000)
    )
    headers = [
        _("Time"),
        _("User name"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Details"),
        _("IP address"),
    ]
    return xlsx_response(
        request, filename=_("Audit log"), headers=headers, rows=rows, what="audit log", filters=request.GET.dict()
    )


@login_required
@require_POST
@never_cache
def reveal_id_number(request, pk):
    """The full 公民身份号码 of one member, for roles that keep the files; every reveal is logged.

    POST only, so that no prefetch or crawler reveals a number. Outside the scope is
    a 404 (the member is not there for this user); a role that only reads gets 403.
    """
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    if not can_view_full_id_number(request.user):
        raise PermissionDenied
    record(request, Action.VIEW_ID_NUMBER, obj=member)
    return JsonResponse({"id_number": member.id_number, "masked": member.masked_id_number})
