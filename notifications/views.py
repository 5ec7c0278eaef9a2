"""通知: a user's notifications (the bell, the list, mark read) and their channels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lib.pagination import page_of
from notifications.filters import NotificationFilter
from notifications.forms import ChannelSettingsForm
from notifications.models import ChannelSettings, Notification
from notifications.services import mark_read, unread_count


@login_required
@never_cache
def notification_list(request):
    rows = Notification.objects.filter(user=request.user)
    filtered = NotificationFilter(request.GET or None, queryset=rows)
    page = page_of(request, filtered.qs)
    return render(
        request,
        "notifications/list.html",
        {"filter": filtered, "page_obj": page, "unread": unread_count(request.user)},
    )


@login_required
@never_cache
def bell(request):
    """The unread count for the bell in the top bar (static/js/notifications.js asks for it)."""
    return JsonResponse({"unread": unread_count(request.user)})


@login_required
@require_POST
def read(request, pk):
    """Mark one notification read and follow its link (one's own only: another's is a no-op)."""
    note = Notification.objects.filter(user=request.user, pk=pk).first()
    mark_read(request.user, [pk])
    if note is not None and note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request):
    count = mark_read(request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request):
    """接收设置 (personal centre): opt out of e-mail or SMS; the phone for SMS."""
    instance = ChannelSettings.objects.filter(user=request.user).first() or ChannelSettings(user=request.user)
    # Unticking both boxes with no phone posts nothing but the token: still a submission.
    form = ChannelSettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
