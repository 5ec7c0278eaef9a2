"""通知公告 for the publishers: the list, a new notice, and who has read it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from branches.permissions import can_write, reader_required, writer_required
from lib.pagination import page_of
from selfservice.forms import NoticeForm
from selfservice.models import Notice
from selfservice.notices import publish_notice, receipts


@reader_required
def notice_list(request):
    notices = (
        Notice.objects.visible_to(request.user)
        .select_related("branch", "published_by")
        .annotate(read_count=Count("reads"))
        .order_by("-published_at", "-pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        notices = notices.filter(title__icontains=query)
    context = {"page_obj": page_of(request, notices), "q": query, "can_write": can_write(request.user)}
    return render(request, "selfservice/notice_list.html", context)


@writer_required
def notice_create(request):
    form = NoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = publish_notice(request.user, **data, request=request)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Notice “%(title)s” published.") % {"title": notice.title})
            return redirect("selfservice:notice_detail", pk=notice.pk)
    return render(request, "selfservice/notice_form.html", {"form": form})


@reader_required
def notice_detail(request, pk):
    """The notice and its read receipts: every member it reaches, read (when) or not yet."""
    notice = get_object_or_404(Notice.objects.visible_to(request.user).select_related("branch", "committee"), pk=pk)
    audience = receipts(notice)
    page = page_of(request, audience)
    read = notice.reads.count()
    context = {"notice": notice, "page_obj": page, "read": read, "total": page.paginator.count}
    return render(request, "selfservice/notice_detail.html", context)
