import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.exports import xlsx_response
from audit.filters import AuditEntryFilter
from audit.models import READ_LOG, AuditEntry
from lib.pagination import page_of


def _audit_entries(request):
    if not request.user.has_perm(READ_LOG):
        raise PermissionDenied
    return AuditEntryFilter(request.GET, queryset=AuditEntry.objects.all())


@login_required
@never_cache
def entry_list(request):
    filterset = _audit_entries(request)
    page = page_of(request, filterset.qs)
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
