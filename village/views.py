"""The village secretary's pages (流出地党组织): the members whose relation its branch holds,
wherever in Guangdong they are, and what the branches there record about them.

Every queryset goes through ``visible_to`` (branches.scoping: a home organisation's secretary
sees the rows whose member's home organisation is in its scope); another village's member
is a 404. Phone first: lists are cards that read on a 390 px screen.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appraisals.models import Appraisal
from assistance.models import HelpAction, HelpRequest
from assistance.referrals import close_home_part, open_referrals, record_home_action, referrals
from branches.permissions import home_secretary_required
from dues.arrears import member_summary
from lib.pagination import page_of
from meetings.models import Attendance, AttendanceStatus
from members.models import Category, Member, Transfer, TransferKind, TransferStatus
from shuangbao.acknowledgements import (
    ACKNOWLEDGE_WITHIN_DAYS,
    acknowledge_report,
    overdue_acknowledgements,
    overdue_cutoff,
    reports_to_acknowledge,
)
from shuangbao.models import Report
from shuangbao.rules import member_status
from village.filters import VillageMemberFilter
from village.forms import AcknowledgeForm, HomeActionForm, HomeCloseForm

# The attendance summary covers the last twelve months.
ATTENDANCE_DAYS = 365


def village_members(request):
    """The village's members in the list's order (the list, its export)."""
    return (
        Member.objects.visible_to(request.user)
        .select_related("branch__committee", "home_organisation__parent")
        .order_by("branch__committee_id", "branch__ordinal", "name", "pk")
    )


def _members(request):
    return Member.objects.visible_to(request.user).select_related("branch__committee", "home_organisation__parent")


def _organisation(request):
    return request.user.staff_scope.home_organisation


@home_secretary_required
def home(request):
    """The village's desk: its members away and what waits for it."""
    members = Member.objects.visible_to(request.user)
    counts = members.aggregate(
        total=Count("pk"),
        mobile=Count("pk", filter=Q(category=Category.MOBILE)),
        branches=Count("branch", distinct=True),
    )
    today = timezone.localdate()
    context = {
        "organisation": _organisation(request),
        "counts": counts,
        "to_acknowledge": reports_to_acknowledge(request.user).count(),
        "overdue": overdue_acknowledgements(request.user, today).count(),
        "referrals": open_referrals(request.user).count(),
        "transfers": Transfer.objects.visible_to(request.user)
        .filter(kind=TransferKind.OUT, status=TransferStatus.PENDING, to_home__isnull=False)
        .count(),
    }
    return render(request, "village/home.html", context)


@home_secretary_required
def member_list(request):
    filterset = VillageMemberFilter(request.GET or None, queryset=village_members(request), user=request.user)
    context = {"filter": filterset, "page_obj": page_of(request, filterset.qs), "organisation": _organisation(request)}
    return render(request, "village/member_list.html", context)


@home_secretary_required
def member_detail(request, pk):
    """One member's file as the village reads it: the ID number masked, the 双报一领 record,
    the attendance summary of the branch in Guangdong, and the help requests referred home."""
    member = get_object_or_404(_members(request), pk=pk)
    today = timezone.localdate()
    since = today - datetime.timedelta(days=ATTENDANCE_DAYS)
    attendance = Attendance.objects.visible_to(request.user).filter(member=member, meeting__held_on__gte=since)
    summary = attendance.aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
        absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
    )
    context = {
        "member": member,
        "record": member_status(member, today, links=False),
        "attendance": summary,
        "attendance_since": since,
        "referrals": HelpRequest.objects.visible_to(request.user).filter(member=member).order_by("-received_on", "-pk"),
        "appraisals": Appraisal.objects.visible_to(request.user).filter(member=member).order_by("-year"),
        # 党费: 党费交至 and arrears, as the branch that collects records them.
        "dues": member_summary(member, today),
    }
    return render(request, "village/member_detail.html", context)


# --- 签收: the members' reports --------------------------------------------------------


@home_secretary_required
def report_list(request):
    """The reports waiting for 签收 (oldest first, those past 15 days marked), or the ones
    acknowledged (``?state=acknowledged``, newest first)."""
    today = timezone.localdate()
    acknowledged = request.GET.get("state") == "acknowledged"
    if acknowledged:
        reports = (
            Report.objects.visible_to(request.user)
            .filter(acknowledged_on__isnull=False)
            .select_related("member__branch__committee", "acknowledged_by_user")
            .order_by("-acknowledged_on", "-pk")
        )
    else:
        reports = reports_to_acknowledge(request.user)
    context = {
        "page_obj": page_of(request, reports),
        "acknowledged": acknowledged,
        "cutoff": overdue_cutoff(today),
        "overdue_count": overdue_acknowledgements(request.user, today).count(),
        "within_days": ACKNOWLEDGE_WITHIN_DAYS,
        "form": AcknowledgeForm(),
    }
    return render(request, "village/report_list.html", context)


@home_secretary_required
@require_POST
def report_acknowledge(request, pk):
    """签收 one report; someone else's member's report is a 404, and nothing is written."""
    report = get_object_or_404(Report.objects.visible_to(request.user).select_related("member"), pk=pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            acknowledge_report(report, request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("%(name)s's report is acknowledged.") % {"name": report.member.name})
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("village:report_list")


# --- 转回流出地: help requests referred home ----------------------------------------------


@home_secretary_required
def referral_list(request):
    closed = request.GET.get("state") == "closed"
    cases = referrals(request.user)
    cases = cases.filter(home_closed_on__isnull=False) if closed else open_referrals(request.user)
    context = {"page_obj": page_of(request, cases), "closed": closed}
    return render(request, "village/referral_list.html", context)


def _referral(request, pk):
    return get_object_or_404(referrals(request.user), pk=pk)


@home_secretary_required
def referral_detail(request, pk):
    """The case as both sides read it: the story, the one action log, and the village's part."""
    case = _referral(request, pk)
    context = {
        "case": case,
        "actions": HelpAction.objects.visible_to(request.user).filter(help_request=case).select_related("actor"),
        "action_form": HomeActionForm(),
        "close_form": HomeCloseForm(),
    }
    return render(request, "village/referral_detail.html", context)


@home_secretary_required
@require_POST
def referral_action(request, pk):
    case = _referral(request, pk)
    form = HomeActionForm(request.POST)
    _apply(request, form, lambda data: record_home_action(case, request.user, data["description"], data["acted_on"]))
    return redirect("village:referral_detail", pk=case.pk)


@home_secretary_required
@require_POST
def referral_close(request, pk):
    case = _referral(request, pk)
    form = HomeCloseForm(request.POST)
    _apply(
        request,
        form,
        lambda data: close_home_part(case, request.user, data["outcome"], data["acted_on"]),
        _("The village's part of the case is closed."),
    )
    return redirect("village:referral_detail", pk=case.pk)


def _apply(request, form, write, done=None):
    """Run ``write`` with the form's data; every refusal becomes a message, nothing written."""
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done or _("The action is logged."))


# --- 民主评议: the results the branches away sent home -------------------------------------


@home_secretary_required
def appraisal_list(request):
    """Its members' grades, as the branches where they work decided them (newest year first),
    with the 组织处置 steps of those found 不合格."""
    appraisals = (
        Appraisal.objects.visible_to(request.user)
        .select_related("member", "branch__committee", "meeting")
        .prefetch_related("disposals")
        .order_by("-year", "member__name", "pk")
    )
    return render(request, "village/appraisal_list.html", {"page_obj": page_of(request, appraisals)})
