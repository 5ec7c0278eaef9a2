"""表彰 pages: the honours of the user's scope, awarding one, correcting it, removing a mistake.

An honour goes to a member, a branch or a whole committee. A secretary keeps those of its
branch and its members; a committee's own honours are for committee staff and above
(``can_write_committee_wide``), a secretary reads them. Another branch's honour is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.permissions import can_write, can_write_committee_wide, reader_required, writer_required
from lib.pagination import page_of
from members.filters import HonorFilter
from members.forms import HonorForm
from members.models import Honor


def _honors(request):
    return Honor.objects.visible_to(request.user).select_related("member", "branch", "committee")


def may_change_honor(user, honor) -> bool:
    """Writers change the honours they see, except a committee's own: its staff's and above."""
    if not can_write(user):
        return False
    return honor.committee_id is None or can_write_committee_wide(user)


def _honor_for_change(request, pk):
    honor = get_object_or_404(_honors(request), pk=pk)
    if not may_change_honor(request.user, honor):
        raise PermissionDenied
    return honor


def _back_url(honor):
    """Where the honour shows: its member's page, its branch's, or the list (a committee's)."""
    if honor.member_id:
        return reverse("members:detail", args=[honor.member_id])
    if honor.branch_id:
        return reverse("dashboard:branch_detail", args=[honor.branch_id])
    return reverse("members:honor_list")


@reader_required
def honor_list(request):
    filterset = HonorFilter(request.GET or None, queryset=_honors(request), request=request)
    page = page_of(request, filterset.qs.order_by("-year", "-pk"))
    for honor in page.object_list:
        honor.changeable = may_change_honor(request.user, honor)
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": page.object_list,
        "can_write": can_write(request.user),
        "new_url": reverse("members:honor_create"),
    }
    return render(request, "members/honor_list.html", context)


def _form_page(request, form, title, honor=None):
    return render(request, "members/honor_form.html", {"form": form, "title": title, "honor": honor})


@writer_required
def honor_create(request):
    committee_wide = can_write_committee_wide(request.user)
    # From a member's or a branch's page (?member= / ?branch=), or a committee's (?committee=).
    initial = {
        name: request.GET[name]
        for name in ("member", "branch", "committee")
        if str(request.GET.get(name, "")).isdigit()
    }
    form = HonorForm(request.POST or None, user=request.user, committee_wide=committee_wide, initial=initial)
    if request.method == "POST" and form.is_valid():
        honor = form.save()
        messages.success(request, _("The honour is saved."))
        return redirect(_back_url(honor))
    return _form_page(request, form, _("Record an honour"))


@writer_required
def honor_update(request, pk):
    honor = _honor_for_change(request, pk)
    committee_wide = can_write_committee_wide(request.user)
    form = HonorForm(request.POST or None, instance=honor, user=request.user, committee_wide=committee_wide)
    if request.method == "POST" and form.is_valid():
        honor = form.save()
        messages.success(request, _("The honour is saved."))
        return redirect(_back_url(honor))
    return _form_page(request, form, _("Edit an honour"), honor)


@writer_required
def honor_delete(request, pk):
    """An honour recorded by mistake comes off; the history keeps it, with who removed it."""
    honor = _honor_for_change(request, pk)
    if request.method == "POST":
        back = _back_url(honor)
        honor.delete()
        messages.success(request, _("The honour is removed."))
        return redirect(back)
    context = {
        "object": honor,
        "title": _("Remove an honour"),
        "question": _("Remove the honour “%(honor)s”?") % {"honor": honor},
        "cancel_url": _back_url(honor),
        "list_url": reverse("members:honor_list"),
        "list_title": _("Honours"),
    }
    return render(request, "includes/confirm_delete.html", context)
