"""档案照片: a member's photo, uploaded by those who keep the file and read by those who may
see it; the file itself is served only here, after the scope check."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.permissions import reader_required, writer_required
from lib.uploads import random_name
from members.forms import PhotoForm
from members.services import EditConflict, save_member_with_version_check
from members.views.registry import member_for

PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


@writer_required
@require_POST
def photo_upload(request, pk):
    member = member_for(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect("members:detail", pk=member.pk)
    uploaded = form.cleaned_data["photo"]
    member.photo.save(f"{random_name(uploaded.name)}", uploaded, save=False)
    try:
        save_member_with_version_check(member, member.version, user=request.user, reason=_("Photo updated"))
    except EditConflict:
        messages.error(request, _("Someone else changed this file meanwhile; try again."))
    else:
        messages.success(request, _("The photo of %(name)s has been saved.") % {"name": member.name})
    return redirect("members:detail", pk=member.pk)


@reader_required
def photo(request, pk):
    member = member_for(request, pk)
    if not member.photo:
        raise Http404
    extension = member.photo.name.rsplit(".", 1)[-1].lower()
    try:
        handle = member.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=PHOTO_TYPES.get(extension, "application/octet-stream"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
