"""导入中心: upload → preview of every row → confirm; import history; template download."""

import hashlib
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from branches.models import Committee, HomeOrganisation
from lib.pagination import page_of
from lib.uploads import display_name
from lib.xlsx import XLSX_TYPE
from members.forms import ImportUploadForm
from members.importing.batches import BACKGROUND_ROWS, apply_report, finish_batch
from members.importing.engine import import_roster
from members.importing.expiry import expire_previews
from members.importing.spreadsheets import detect_format
from members.importing.template import roster_template
from members.models import ImportBatch, ImportStatus
from members.permissions import may_import

PREVIEW_PAGE_SIZE = 100


def importers_only(view):
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@importers_only
@require_http_methods(["GET", "POST"])
def import_centre(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        committee = form.cleaned_data["committee"]
        batch = ImportBatch(
            committee=committee,
            uploaded_by=request.user,
            file_name=display_name(upload.name, default="roster"),
            file_format=detect_format(data),
            size=len(data),
        )
        report = import_roster(data, committee=committee, user=request.user, dry_run=True, file_name=batch.file_name)
        apply_report(batch, report)
        if report.ok:
            # Kept only until it is confirmed: the roster holds full ID numbers.
            batch.file.save(f"{hashlib.sha256(data).hexdigest()[:16]}", ContentFile(data), save=False)
        batch.save()
        # Each upload also clears the rosters of previews left unconfirmed for a day.
        expire_previews()
        return redirect("members:import_preview", pk=batch.pk)
    batches = ImportBatch.objects.visible_to(request.user).select_related("committee", "uploaded_by")
    page = page_of(request, batches)
    return render(request, "members/import_centre.html", {"form": form, "page_obj": page})


@importers_only
def import_preview(request, pk):
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user).select_related("committee"), pk=pk)
    rows = batch.report.get("rows", [])
    only_errors = request.GET.get("errors") == "1"
    if only_errors:
        rows = [row for row in rows if row["errors"]]
    page = page_of(request, rows, per_page=PREVIEW_PAGE_SIZE)
    return render(
        request,
        "members/import_preview.html",
        {
            "batch": batch,
            "report": batch.report,
            "page_obj": page,
            "only_errors": only_errors,
            "can_confirm": batch.status == ImportStatus.PREVIEWED and bool(batch.file),
            "in_background": batch.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING, ImportStatus.FAILED),
            "home_options": home_choice_options() if batch.report.get("unmatched_home_organisations") else [],
            "keep_as_written": KEEP_AS_WRITTEN,
        },
    )


KEEP_AS_WRITTEN = "keep"


def _home_choices(request, batch):
    """The organisation chosen in the preview for each 流出地党组织 name the list did not match
    (``home-<n>``: an organisation's pk, or ``keep`` for the text as written), and the names
    left without a choice. Only a village or community branch of the county's list is taken."""
    names = [item["name"] for item in batch.report.get("unmatched_home_organisations", [])]
    if not names:
        return {}, []
    allowed = {str(organisation.pk): organisation for organisation in HomeOrganisation.objects.branches()}
    choices, missing = {}, []
    for index, name in enumerate(names):
        value = request.POST.get(f"home-{index}", "")
        if request.POST.get(f"home-name-{index}") != name:
            missing.append(name)
        elif value == KEEP_AS_WRITTEN:
            choices[name] = None
        elif value in allowed:
            choices[name] = allowed[value]
        else:
            missing.append(name)
    return choices, missing


def home_choice_options():
    """The county's village and community branches, by township, for the preview's choices."""
    return HomeOrganisation.objects.branches().select_related("parent").order_by("parent__name", "name")


@importers_only
def import_progress(request, pk):
    """The background import's state for the progress bar (static/js/imports.js polls it)."""
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    total = batch.total_rows or 1
    return JsonResponse(
        {
            "status": batch.status,
            "label": str(batch.get_status_display()),
            "done": batch.progress,
            "total": batch.total_rows,
            "percent": 100 if batch.status == ImportStatus.IMPORTED else min(99, round(100 * batch.progress / total)),
            "finished": batch.status not in (ImportStatus.QUEUED, ImportStatus.IMPORTING),
        }
    )


@importers_only
@require_POST
def import_confirm(request, pk):
    batches = ImportBatch.objects.visible_to(request.user).select_related("committee")
    batch = get_object_or_404(batches, pk=pk)
    home_choices, missing = _home_choices(request, batch)
    if missing:
        messages.error(
            request,
            _("Choose the home organisation for %(names)s (or keep the name as written): nothing was imported.")
            % {"names": "、".join(missing)},
        )
        return redirect("members:import_preview", pk=batch.pk)
    with transaction.atomic():
        batch = get_object_or_404(batches.select_for_update(of=("self",)), pk=pk)
        if batch.status != ImportStatus.PREVIEWED or not batch.file:
            messages.error(request, _("This file has already been imported or cannot be imported."))
            return redirect("members:import_preview", pk=batch.pk)
        if batch.total_rows >= BACKGROUND_ROWS:
            # A large roster: a worker imports it (members.tasks); the page shows its progress
            # and the result arrives as a notification. Queued once this transaction commits.
            from members.tasks import import_batch

            batch.status = ImportStatus.QUEUED
            batch.progress = 0
            batch.save(update_fields=["status", "progress"])
            user_id = request.user.pk
            # The preview's choices of home organisation travel as pks (a task's arguments are JSON).
            chosen = {name: (org.pk if org is not None else None) for name, org in home_choices.items()}
            transaction.on_commit(lambda: import_batch.enqueue(batch.pk, user_id, chosen))
            messages.info(
                request,
                _("The import runs in the background. You may leave this page: the result arrives as a notification."),
            )
            return redirect("members:import_preview", pk=batch.pk)
        with batch.file.open("rb") as stored:
            data = stored.read()
        # Checked again, not trusted from the preview: the files may have changed since.
        report = import_roster(
            data,
            committee=batch.committee,
            user=request.user,
            dry_run=False,
            file_name=batch.file_name,
            home_choices=home_choices,
        )
        finish_batch(request, batch, report)
    if report.written:
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"new": batch.new_count, "updated": batch.updated_count, "unchanged": batch.unchanged_count},
        )
    else:
        messages.error(request, _("Nothing was imported: the file has errors now. See the rows below."))
    return redirect("members:import_preview", pk=batch.pk)


@importers_only
def import_template(request):
    committees = Committee.objects.visible_to(request.user)
    committee = committees.filter(pk=request.GET.get("committee") or 0).first() or committees.first()
    names = list(committee.branches.order_by("ordinal").values_list("name", flat=True)) if committee else []
    response = HttpResponse(roster_template(names), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('党员花名册导入模板.xlsx')}"
    return response
