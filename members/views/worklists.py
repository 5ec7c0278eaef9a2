"""The work lists of a member's life (members.worklists) and the 失联 search log and 活动证 forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.permissions import reader_required, writer_required
from lib.forms import add_service_errors
from lib.pagination import page_of
from members.certificates import EXPIRING_DAYS, expiring, issue_certificate
from members.forms import CertificateForm, ContactAttemptForm
from members.lapse import SIGNS, chosen, lapse_warnings, signs_of
from members.models import ActivityCertificate, Category, Member, MemberStatus
from members.permissions import may_transfer
from members.views.registry import member_for
from members.worklists import LostState, lost_due, lost_members, should_transfer


def _search(request, members):
    q = request.GET.get("q", "").strip()
    if q:
        members = members.filter(name__icontains=q)
    branch = request.GET.get("branch", "")
    if branch.isdigit():
        members = members.filter(branch_id=branch)
    return members


@reader_required
def lost_list(request):
    """失联 and 停止党籍, with the timers of 条例 第二十四条: ``?due=suspension_due|removal_due``."""
    due = request.GET.get("due", "")
    members = _search(request, Member.objects.visible_to(request.user).select_related("branch"))
    members = lost_members(lost_due(members, due)).order_by("status_since", "pk")
    context = {
        "page_obj": page_of(request, members),
        "due": due,
        "due_choices": [(state, LostState(state).label) for state in (LostState.SUSPENSION_DUE, LostState.REMOVAL_DUE)],
        "q": request.GET.get("q", ""),
    }
    return render(request, "members/lost_list.html", context)


@reader_required
def lapse_list(request):
    """自行脱党预警 (党章 第九条): members on the roll showing a sign; ``?sign=`` keeps one."""
    sign = request.GET.get("sign", "")
    signs = chosen(sign)
    members = _search(request, Member.objects.visible_to(request.user))
    # The signs' subqueries are the cost (the half-year's attendance register at a county's
    # scale): run once for the keys of the whole list, not again for its count and its page.
    keys = list(lapse_warnings(members, sign=sign).order_by("branch_id", "pk").values_list("pk", flat=True))
    page = page_of(request, keys)
    rows = Member.objects.select_related("branch").in_bulk(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list]
    found = signs_of(page.object_list)
    for member in page.object_list:
        member.sign_flags = [(s.key, s.key in found[member.pk]) for s in signs]
    context = {
        "page_obj": page,
        "signs": signs,
        "sign_choices": [(s.key, s.label) for s in SIGNS.values()],
        "sign": sign,
        "q": request.GET.get("q", ""),
    }
    return render(request, "members/lapse_list.html", context)


@reader_required
def should_transfer_list(request):
    """应转尽转: mobile members away 6 months or more at a fixed place; from here, the 转入."""
    members = _search(request, Member.objects.visible_to(request.user).select_related("branch", "home_organisation"))
    members = should_transfer(members).order_by("left_home_on", "pk")
    context = {
        "page_obj": page_of(request, members),
        "may_transfer": may_transfer(request.user),
        "q": request.GET.get("q", ""),
    }
    return render(request, "members/should_transfer_list.html", context)


@reader_required
def certificate_list(request):
    """流动党员活动证 running out within 60 days (or run out), oldest first."""
    certificates = ActivityCertificate.objects.visible_to(request.user).select_related("member__branch")
    q = request.GET.get("q", "").strip()
    if q:
        certificates = certificates.filter(member__name__icontains=q)
    certificates = expiring(certificates).order_by("valid_until", "pk")
    context = {"page_obj": page_of(request, certificates), "days": EXPIRING_DAYS, "today": timezone.localdate(), "q": q}
    return render(request, "members/certificate_list.html", context)


@reader_required
def certificate_print(request, pk):
    """流动党员活动证登记表 (A4): the certificate, its holder, the renewals, and each 交验 at a
    check-in since it was issued."""
    certificate = get_object_or_404(
        ActivityCertificate.objects.visible_to(request.user).select_related("member__branch__committee"), pk=pk
    )
    member = certificate.member
    shown = member.check_ins.filter(certificate_shown=True, checked_in_on__gte=certificate.issued_on)
    if certificate.ended_on:
        shown = shown.filter(checked_in_on__lte=certificate.ended_on)
    context = {
        "certificate": certificate,
        "member": member,
        "certificates": member.certificates.order_by("issued_on", "pk"),
        "shown": shown.select_related("branch").order_by("checked_in_on", "pk"),
    }
    return render(request, "members/certificate_print.html", context)


@writer_required
@require_http_methods(["GET", "POST"])
def contact_attempt_create(request, pk):
    """失联 search log: one attempt to reach the member."""
    member = member_for(request, pk)
    if member.status not in {MemberStatus.LOST_CONTACT, MemberStatus.SUSPENDED}:
        raise PermissionDenied
    form = ContactAttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt = form.save(commit=False)
        if member.status_since and attempt.tried_on < member.status_since:
            form.add_error(
                "tried_on",
                _("%(date)s is before contact was lost (%(since)s): dates out of order.")
                % {"date": f"{attempt.tried_on:%Y-%m-%d}", "since": f"{member.status_since:%Y-%m-%d}"},
            )
        else:
            attempt.member = member
            attempt.recorded_by = request.user
            attempt._history_user = request.user
            attempt.save()
            messages.success(request, _("The search for %(name)s has been recorded.") % {"name": member.name})
            return redirect("members:status", pk=member.pk)
    return render(request, "members/simple_form.html", {"form": form, "member": member, "title": _("Record a search")})


@writer_required
@require_http_methods(["GET", "POST"])
def certificate_issue(request, pk):
    """流动党员活动证: issue a first one or renew; the certificates of the member so far."""
    member = member_for(request, pk)
    if member.category != Category.MOBILE:
        raise PermissionDenied
    form = CertificateForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            issue_certificate(member, **form.cleaned_data, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The activity certificate of %(name)s has been recorded.") % {"name": member.name}
            )
            return redirect("members:detail", pk=member.pk)
    certificates = member.certificates.order_by("-issued_on", "-pk")
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "member": member, "title": _("Activity certificate"), "certificates": certificates},
    )
