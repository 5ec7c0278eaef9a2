"""xlsx downloads: every export of data is a logged event (who, what, which filter, how many rows)."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from audit.log import record
from audit.models import Action
from lib.xlsx import XLSX_TYPE, write_only_workbook


def xlsx_response(request, *, filename, headers, rows, title=None, what="", filters=None):
    """``rows`` as an xlsx download (a write-only workbook, saved whole), and the export recorded (who, what,
    filter, count)."""
    workbook, count = write_only_workbook(headers, rows, title=title)
    return workbook_response(request, workbook, filename=filename, what=what, filters=filters, rows=count)


def workbook_response(request, workbook, *, filename, what="", filters=None, rows=0):
    """A workbook built elsewhere (a formatted report) as a download, recorded like any other export."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    record(request, Action.EXPORT, what=what or filename, filters=filters or {}, rows=rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    stamped = f"{filename}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stamped)}"
    # Member data: no browser or proxy keeps a copy.
    patch_cache_control(response, no_store=True, private=True)
    return response
