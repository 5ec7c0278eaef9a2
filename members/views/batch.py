"""Batch work on the member list: the rows ticked, or every member the filter matches.

The list posts its selection here (``ids``, or ``all=1`` with the list's query string in
``query``); the members are always re-read within the user's scope, so a forged id of
another branch selects nobody. 批量导出 sends the 花名册 of the selection (logged like any
export); 批量变更状态 changes each member's status through the same rule and function as the
member's own status page, all in one transaction: one refusal and nothing is written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.permissions import can_write, reader_required
from lib.lists import list_url
from members.filters import MemberFilter
from members.forms import BatchStatusForm
from members.lifecycle import change_status_to
from members.models import Member, MemberStatus
from members.services import EditConflict
from members.views.registry import roster_response

# A batch is for an office's day's work; a county-wide status change is not one.
MAX_BATCH = 2000


def selected_members(request):
    """The members a batch names, within the user's scope: the ids ticked, or with ``all``
    every member the list's query matches."""
    members = Member.objects.visible_to(request.user).select_related("branch")
    if request.POST.get("all") == "1":
        query = QueryDict(request.POST.get("query", ""))
        return MemberFilter(query or None, queryset=members, request=request).qs
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    return members.filter(pk__in=ids).order_by("branch__ordinal", "pk")


@reader_required
@require_POST
def batch(request):
    action = request.POST.get("action")
    members = selected_members(request)
    back = list_url(request, "members:list")
    if not members.exists():
        messages.error(request, _("Tick the members first, or choose every member the filter matches."))
        return redirect(back)
    if action == "export":
        return roster_response(request, members, filters={"batch": members.count()})
    if action == "status":
        if not can_write(request.user):
            raise PermissionDenied
        return batch_status(request, members, back)
    messages.error(request, _("Choose what to do with the selected members."))
    return redirect(back)


def batch_status(request, members, back):
    count = members.count()
    if count > MAX_BATCH:
        messages.error(
            request,
            _("%(count)s members are selected; a batch takes at most %(limit)s. Narrow the filter.")
            % {"count": count, "limit": MAX_BATCH},
        )
        return redirect(back)
    form = BatchStatusForm(request.POST if "confirm" in request.POST else None)
    refused = []
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"]
        try:
            with transaction.atomic():
                for member in members.select_for_update(of=("self",)):
                    problem = refusal(member, status)
                    if problem:
                        refused.append((member, problem))
                        continue
                    try:
                        change_status_to(
                            member,
                            status,
                            on=data["changed_on"],
                            reason=data["reason"],
                            expected_version=member.version,
                            user=request.user,
                        )
                    except (ValidationError, EditConflict, ValueError) as error:
                        refused.append((member, _message(error)))
                if refused:
                    raise _Refused
        except _Refused:
            pass
        else:
            messages.success(
                request,
                _("The status of %(count)s members is now %(status)s.")
                % {"count": count, "status": MemberStatus(status).label},
            )
            return redirect(back)
    context = {
        "form": form,
        "members": members[:50],
        "count": count,
        "refused": refused,
        "ids": request.POST.getlist("ids"),
        "all": request.POST.get("all") == "1",
        "query": request.POST.get("query", ""),
        "back": back,
    }
    return render(request, "members/batch_status.html", context)


class _Refused(Exception):
    """Rolls the batch back when any member was refused."""


def refusal(member, status) -> str:
    """Why this member's status cannot become ``status`` (the status page's rule: a change to
    another status), or ""."""
    if member.status == status:
        return _("%(name)s is already %(status)s.") % {"name": member.name, "status": member.get_status_display()}
    return ""


def _message(error) -> str:
    if isinstance(error, EditConflict):
        return _("Someone else changed this file meanwhile; try again.")
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
