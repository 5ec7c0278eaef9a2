"""困难诉求 (排忧解难): the list, the intake, the case page and its workflow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistance.filters import HelpRequestFilter
from assistance.forms import HELP_STEP_LABELS, HelpActionForm, HelpRequestForm, HelpTransitionForm
from assistance.models import OVERDUE_DAYS, HelpRequest, HelpStatus, overdue_cutoff
from assistance.services import (
    allowed_help_transitions,
    log_help_action,
    take_in_help_request,
    transition_help_request,
)
from assistance.views.common import export, filtered, list_page, scope_choices
from branches.permissions import can_write, reader_required, writer_required


def _cases(request):
    return HelpRequest.objects.visible_to(request.user).select_related("member", "branch")


def _case_for_user(request, pk):
    return get_object_or_404(_cases(request), pk=pk)


@reader_required
def help_request_list(request):
    today = timezone.localdate()
    return list_page(
        request,
        "assistance/help_request_list.html",
        filtered(request, HelpRequestFilter, _cases(request)),
        context={
            "new_url": reverse("assistance:help_request_create"),
            "export_url": reverse("assistance:help_request_export"),
            "overdue_before": overdue_cutoff(today),
            "overdue_days": OVERDUE_DAYS,
        },
    )


@reader_required
def help_request_export(request):
    today = timezone.localdate()
    columns = [
        (_("received on"), lambda c: c.received_on),
        (_("requester"), lambda c: c.requester_display),
        (_("phone"), lambda c: c.member.phone if c.member_id else c.requester_phone),
        (_("handling branch"), lambda c: c.branch.name),
        (_("category"), lambda c: c.get_category_display()),
        (_("where"), lambda c: c.get_location_display()),
        (_("township"), lambda c: c.township),
        (_("village"), lambda c: c.village),
        (_("status"), lambda c: c.get_status_display()),
        (_("days open"), lambda c: c.days_open(today) or ""),
        (_("referred to"), lambda c: c.referred_to),
        (_("outcome"), lambda c: c.outcome),
        (_("money recovered or paid (yuan)"), lambda c: float(c.money_recovered)),
        (_("closed on"), lambda c: c.closed_on),
        (_("what happened"), lambda c: c.story),
    ]
    return export(
        request,
        filtered(request, HelpRequestFilter, _cases(request)),
        filename=_("help requests"),
        title=_("Help requests"),
        columns=columns,
        what="assistance.HelpRequest",
    )


@writer_required
def help_request_create(request):
    form = scope_choices(HelpRequestForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = take_in_help_request(form.save(commit=False), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The help request is registered."))
            return redirect("assistance:help_request_detail", pk=case.pk)
    return render(request, "assistance/help_request_form.html", {"form": form})


@reader_required
def help_request_detail(request, pk):
    case = _case_for_user(request, pk)
    others = []
    if case.member_id:
        others = _cases(request).filter(member_id=case.member_id).exclude(pk=case.pk)
    elif case.requester_phone:
        others = _cases(request).filter(requester_phone=case.requester_phone).exclude(pk=case.pk)
    context = {
        "case": case,
        "actions": case.actions.select_related("actor"),
        "transitions": [(status, HELP_STEP_LABELS[status]) for status in allowed_help_transitions(case)],
        "others": others,
        "history": case.history.select_related("history_user")[:20],
        "can_write": can_write(request.user),
        "action_form": HelpActionForm(),
        "days_open": case.days_open(),
        "overdue_days": OVERDUE_DAYS,
    }
    return render(request, "assistance/help_request_detail.html", context)


@writer_required
def help_request_transition(request, pk, to_status):
    case = _case_for_user(request, pk)
    if to_status not in HelpStatus.values:
        raise Http404
    if to_status not in allowed_help_transitions(case):
        messages.error(
            request,
            _("A case that is “%(current)s” cannot become “%(target)s”.")
            % {"current": case.get_status_display(), "target": HelpStatus(to_status).label},
        )
        return redirect("assistance:help_request_detail", pk=case.pk)
    form = HelpTransitionForm(request.POST or None, to_status=to_status, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transition_help_request(
                case,
                to_status,
                request.user,
                data.get("note", ""),
                acted_on=data["acted_on"],
                referred_to=data.get("referred_to", ""),
                referred_home=data.get("referred_home"),
                outcome=data.get("outcome", ""),
                money_recovered=data.get("money_recovered"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case is now “%(status)s”.") % {"status": HelpStatus(to_status).label})
            return redirect("assistance:help_request_detail", pk=case.pk)
    return render(
        request,
        "assistance/help_request_transition.html",
        {"case": case, "form": form, "step": HELP_STEP_LABELS[to_status], "target": HelpStatus(to_status).label},
    )


@writer_required
@require_POST
def help_request_add_action(request, pk):
    case = _case_for_user(request, pk)
    form = HelpActionForm(request.POST)
    if form.is_valid():
        try:
            log_help_action(case, request.user, form.cleaned_data["description"], form.cleaned_data["acted_on"])
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The action is logged."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("assistance:help_request_detail", pk=case.pk)
