"""What the 双报一领 pages share: the write right in every context, the committee whose cycle they use,
the return address, a member chosen in advance."""

from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from branches.models import Committee
from branches.permissions import can_write
from members.models import Member


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
