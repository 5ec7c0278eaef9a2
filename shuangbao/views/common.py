"""What the 双报一领 pages share: the write right in every context, the committee whose cycle they use,
the return address, a member chosen in advance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from branches.models import Committee
from branches.permissions import can_write
from members.models import Member


def _record_page(request, form, record, fields, *, saved, title, member):
    """The form page of a 双报 record for a member (a check-in, a report): on a valid POST,
    ``record(member, **fields from the form, user=...)``, then back to the member's record."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record(data["member"], **{name: data[name] for name in fields}, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved % {"name": data["member"]})
            return redirect(_next_or(request, reverse("shuangbao:member_record", args=[data["member"].pk])))
    return _render(request, "shuangbao/form.html", {"form": form, "title": title, "member": member})


def _render(request, template, context, status=200):
    context.setdefault("can_write", can_write(request.user))
    return render(request, template, context, status=status)


def _committee(request):
    """The committee whose cycle the boards use: the user's own, or the first one visible."""
    committees = Committee.objects.visible_to(request.user)
    chosen = (
        committees.filter(pk=request.GET.get("committee")).first()
        if request.GET.get("committee", "").isdigit()
        else None
    )
    committee = chosen or committees.first()
    if committee is None:
        raise Http404
    return committee


def _next_or(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _preselected_member(request):
    pk = request.GET.get("member", "")
    if not pk.isdigit():
        return None
    return Member.objects.visible_to(request.user).select_related("branch__committee").filter(pk=pk).first()
