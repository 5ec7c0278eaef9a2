"""报到: check-ins, their list and export, and the 未报到 list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.exports import xlsx_response
from branches.permissions import reader_required, writer_required
from lib.pagination import page_of
from lib.xlsx import iso_date
from members.models import Member
from shuangbao.confirmations import confirm_check_ins
from shuangbao.forms import (
    CheckInFilter,
    CheckInForm,
    MemberSearchFilter,
)
from shuangbao.models import CheckIn
from shuangbao.rules import CheckInState, awaited_condition, not_checked_in, with_check_in_state
from shuangbao.services import (
    record_check_in,
)
from shuangbao.views.common import _next_or, _preselected_member, _record_page, _render


def _check_ins(request):
    queryset = CheckIn.objects.visible_to(request.user).select_related("member", "branch", "recorded_by")
    return CheckInFilter(request.GET or None, queryset=queryset, user=request.user)


@reader_required
def check_in_list(request):
    filterset = _check_ins(request)
    return _render(
        request, "shuangbao/check_in_list.html", {"filter": filterset, "page_obj": page_of(request, filterset.qs)}
    )


@reader_required
def check_in_export(request):
    filterset = _check_ins(request)
    rows = (
        [
            c.member.name,
            c.member.phone,
            c.branch.name,
            iso_date(c.checked_in_on),
            c.get_way_display(),
            c.address,
            c.employer,
            c.recorded_by.get_full_name() if c.recorded_by else "",
        ]
        for c in filterset.qs
    )
    headers = [
        _("Name"),
        _("Phone"),
        _("Branch"),
        _("Checked in on"),
        _("Way"),
        _("Address"),
        _("Employer"),
        _("Recorded by"),
    ]
    return xlsx_response(
        request,
        filename="报到登记",
        headers=headers,
        rows=rows,
        title=_("Check-ins"),
        what="check_ins",
        filters=request.GET.dict(),
    )


@writer_required
def check_in_create(request):
    member = _preselected_member(request)
    initial = {"member": member, "branch": member.branch_id, "employer": member.employer} if member else {}
    form = CheckInForm(request.POST or None, user=request.user, initial=initial)
    return _record_page(
        request,
        form,
        record_check_in,
        ["branch", "checked_in_on", "way", "address", "employer", "certificate_shown"],
        saved=_("Check-in of %(name)s recorded."),
        title=_("Record a check-in"),
        member=member,
    )


@writer_required
@require_POST
def check_in_confirm(request):
    """确认: the ticked self check-ins (or the one whose button was pressed) of the user's branch."""
    try:
        count = confirm_check_ins(request.user, request.POST.getlist("ids"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s check-ins confirmed.") % {"count": count})
    return redirect(_next_or(request, reverse("shuangbao:check_in_list")))


def _not_checked_in(request):
    """Mobile members on the roll without a check-in since leaving home or moving, each
    待报到 (inside the committee's grace period) or 未报到 (after it); ``?state=`` picks one."""
    members = not_checked_in(Member.objects.visible_to(request.user)).select_related("branch", "home_organisation")
    state = request.GET.get("state")
    if state == CheckInState.AWAITED:
        members = members.filter(awaited_condition())
    elif state == CheckInState.OVERDUE:
        members = members.exclude(awaited_condition())
    members = with_check_in_state(members)
    return MemberSearchFilter(
        request.GET or None, queryset=members.order_by("branch__ordinal", "left_home_on", "pk"), user=request.user
    )


@reader_required
def not_checked_in_list(request):
    filterset = _not_checked_in(request)
    context = {
        "filter": filterset,
        "page_obj": page_of(request, filterset.qs),
        "states": CheckInState.choices,
        "state": request.GET.get("state", ""),
    }
    return _render(request, "shuangbao/not_checked_in.html", context)


@reader_required
def not_checked_in_export(request):
    filterset = _not_checked_in(request)
    rows = (
        [
            m.name,
            m.phone,
            m.branch.name,
            m.work_city,
            m.employer,
            iso_date(m.left_home_on),
            m.home_organisation_display,
            CheckInState(m.check_in_state).label,
        ]
        for m in filterset.qs
    )
    headers = [
        _("Name"),
        _("Phone"),
        _("Branch"),
        _("Work city"),
        _("Employer"),
        _("Left home on"),
        _("Home organisation"),
        _("Check-in"),
    ]
    return xlsx_response(
        request,
        filename="未报到党员",
        headers=headers,
        rows=rows,
        title=_("Mobile members not checked in"),
        what="not_checked_in",
        filters=request.GET.dict(),
    )
