"""The member's own pages under /me/, phone first: 我的档案, 报到, 提交报告, 领任务, 我的党费, 通知."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import change_own_password
from dues.arrears import member_summary
from notifications.services import mark_read as mark_notifications_read
from notifications.services import recent
from selfservice.access import member_required
from selfservice.forms import ChangeOwnPasswordForm, OwnReportForm, SelfCheckInForm
from selfservice.notices import mark_read, notices_for
from selfservice.services import current_period, open_tasks, own_claims, submit_own_report, tasks_for
from shuangbao.confirmations import record_self_check_in
from shuangbao.forms import CompleteForm, ProgressForm
from shuangbao.models import OPEN_CLAIM, CheckIn, CheckInWay, Report
from shuangbao.services import claim_task, complete_claim, record_progress


def _errors_into(form, error):
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _page(request, template, context=None, status=200):
    context = {"member": request.member, "today": timezone.localdate(), **(context or {})}
    return render(request, template, context, status=status)


@member_required
def home(request):
    member = request.member
    period = current_period(member)
    context = {
        "period": period,
        "report": Report.objects.filter(member=member, period_start=period.start).first(),
        "last_check_in": CheckIn.objects.filter(member=member).select_related("branch").first(),
        "task_count": open_tasks(member).filter(mine=False).count(),
        "claims_open": own_claims(member).filter(status__in=OPEN_CLAIM).count(),
        "unread": notices_for(member).filter(is_read=False).count(),
        "dues": member_summary(member),
    }
    return _page(request, "selfservice/me/home.html", context)


@member_required
def my_file(request):
    """我的档案: the file as the member's secretary sees it, the ID number masked (members' rules)."""
    return _page(request, "selfservice/me/file.html")


@member_required
def check_in(request):
    """报到. The branch's 阵地 QR link opens this page with ``?branch=…&way=qr_link`` filled in."""
    member = request.member
    initial = {"employer": member.employer, "way": CheckInWay.ONLINE, "branch": member.branch_id}
    if request.GET.get("branch", "").isdigit():
        initial["branch"] = int(request.GET["branch"])
    if request.GET.get("way") in dict(SelfCheckInForm.base_fields["way"].choices):
        initial["way"] = request.GET["way"]
    form = SelfCheckInForm(request.POST or None, member=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_self_check_in(
                member,
                branch=data["branch"],
                way=data["way"],
                address=data["address"],
                employer=data["employer"],
                user=request.user,
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Checked in. Your branch secretary will confirm it."))
            return redirect("selfservice:check_in")
    recent = list(CheckIn.objects.filter(member=member).select_related("branch")[:5])
    done_today = any(c.checked_in_on == timezone.localdate() for c in recent)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "recent": recent, "done_today": done_today}
    return _page(request, "selfservice/me/check_in.html", context, status=status)


@member_required
def report(request):
    """提交报告 for the period open now; it goes to the home organisation for 签收."""
    member = request.member
    period = current_period(member)
    existing = Report.objects.filter(member=member, period_start=period.start).first()
    form = OwnReportForm(request.POST or None, initial={"period_start": period.start})
    if request.method == "POST" and form.is_valid():
        try:
            submit_own_report(
                member,
                period_start=form.cleaned_data["period_start"],
                summary=form.cleaned_data["summary"],
                user=request.user,
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Report submitted to your home organisation."))
            return redirect("selfservice:report")
    past = Report.objects.filter(member=member).order_by("-period_start")[:6]
    context = {"form": form, "period": period, "existing": existing, "past": past}
    return _page(request, "selfservice/me/report.html", context, status=400 if request.method == "POST" else 200)


@member_required
def tasks(request):
    member = request.member
    context = {"tasks": open_tasks(member), "claims": own_claims(member), "open_claim": OPEN_CLAIM}
    return _page(request, "selfservice/me/tasks.html", context)


@member_required
@require_POST
def task_claim(request, pk):
    member = request.member
    task = get_object_or_404(tasks_for(member), pk=pk)
    try:
        claim = claim_task(task, member, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("selfservice:tasks")
    messages.success(request, _("You claimed “%(task)s”.") % {"task": task.title})
    return redirect("selfservice:claim", pk=claim.pk)


@member_required
def claim(request, pk):
    """One of the member's claims: a progress note, then done (another member's is a 404)."""
    claim = get_object_or_404(own_claims(request.member), pk=pk)
    progress_form = ProgressForm(request.POST if request.POST.get("action") == "progress" else None)
    complete_form = CompleteForm(request.POST if request.POST.get("action") == "complete" else None)
    if request.method == "POST":
        form = complete_form if request.POST.get("action") == "complete" else progress_form
        if form.is_valid():
            try:
                if form is complete_form:
                    complete_claim(claim, **form.cleaned_data)
                    messages.success(request, _("Marked as done."))
                else:
                    record_progress(claim, form.cleaned_data["note"])
                    messages.success(request, _("Progress noted."))
            except ValidationError as error:
                _errors_into(form, error)
            else:
                return redirect("selfservice:claim", pk=claim.pk)
    context = {"claim": claim, "progress_form": progress_form, "complete_form": complete_form, "open_claim": OPEN_CLAIM}
    return _page(request, "selfservice/me/claim.html", context, status=400 if request.method == "POST" else 200)


@member_required
def dues(request):
    """我的党费: the standard, 党费交至 and months behind. Records only: no payment online."""
    return _page(request, "selfservice/me/dues.html", {"dues": member_summary(request.member)})


@member_required
def notices(request):
    """The notices published to the member, and the reminders sent to them (read once shown)."""
    reminders = recent(request.user)
    mark_notifications_read(request.user, [reminder.pk for reminder in reminders if reminder.read_at is None])
    context = {"notices": notices_for(request.member), "reminders": reminders}
    return _page(request, "selfservice/me/notices.html", context)


@member_required
def notice(request, pk):
    """A notice that reaches the member (any other is a 404); opening it is the read receipt."""
    notice = get_object_or_404(notices_for(request.member), pk=pk)
    mark_read(notice, request.member)
    return _page(request, "selfservice/me/notice.html", {"notice": notice})


@member_required
def password(request):
    form = ChangeOwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_own_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["password1"],
                request=request,
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("selfservice:home")
    return _page(request, "selfservice/me/password.html", {"form": form})
