"""The secretary's side: inviting a member (link + QR code), the branch's 阵地 QR link for
报到, and the public page where an invited member sets a password."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from branches.models import Branch
from branches.permissions import reader_required, writer_required
from meetings.views.links import qr_svg
from members.models import Member
from selfservice.forms import SetPasswordForm
from selfservice.invitations import account_of, invitation_for, issue_invitation, redeem_invitation
from selfservice.models import Invitation
from shuangbao.models import CheckInWay


@writer_required
def member_invite(request, pk):
    """邀请党员: the member's account and invitations; POST issues a new link (the reset), shown once."""
    member = get_object_or_404(Member.objects.visible_to(request.user).select_related("branch"), pk=pk)
    link = error = None
    if request.method == "POST":
        try:
            token = issue_invitation(member, user=request.user, request=request)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            link = request.build_absolute_uri(reverse("selfservice:invitation", args=[token]))
    context = {
        "member": member,
        "account": account_of(member),
        "invitations": Invitation.objects.filter(member=member).select_related("created_by")[:5],
        "link": link,
        "qr": qr_svg(link) if link else "",
        "error": error,
        "now": timezone.now(),
    }
    return render(request, "selfservice/invite.html", context, status=400 if error else 200)


@reader_required
def branch_qr(request, pk):
    """The branch's 阵地 QR code: members scan it to check in, branch and way filled in."""
    branch = get_object_or_404(Branch.objects.visible_to(request.user), pk=pk)
    link = request.build_absolute_uri(f"{reverse('selfservice:check_in')}?branch={branch.pk}&way={CheckInWay.QR_LINK}")
    return render(request, "selfservice/branch_qr.html", {"branch": branch, "link": link, "qr": qr_svg(link)})


@never_cache
def invitation(request, token):
    """The invited member sets a password (no login needed); a used or expired link says so in Chinese."""
    try:
        found = invitation_for(token)
    except ValidationError as refused:
        return render(request, "selfservice/invitation.html", {"refused": " ".join(refused.messages)}, status=410)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            redeem_invitation(token, form.cleaned_data["password1"], request=request)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, _("Your password is set. Log in with your phone number."))
            return redirect(f"{reverse('login')}?next={reverse('selfservice:home')}")
    context = {"form": form, "member": found.member}
    return render(request, "selfservice/invitation.html", context, status=400 if request.method == "POST" else 200)
