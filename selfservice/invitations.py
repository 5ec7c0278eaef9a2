"""Member accounts through one-time invitations (邀请链接).

The branch secretary (or the committee's staff) issues a link for one member of their
scope; the member opens it within 7 days, sets a password, and from then on logs in with
the phone number on file (``selfservice.backends.PhoneBackend``). A new invitation is the
reset: earlier ones stop working, and the password set through it replaces the old one.
Lockout (django-axes) and the session clocks are the staff's (accounts.login, accounts.sessions).
"""

import datetime
import hashlib
import secrets

from axes.utils import reset as reset_lockout
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.log import record
from audit.models import Action
from branches.models import StaffScope
from branches.permissions import can_write
from branches.roles import Role
from members.models import Member, MemberStatus
from selfservice.models import Invitation

INVITATION_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_of(member):
    """The member's account (a User), or None."""
    scope = StaffScope.objects.filter(member=member, role=Role.MEMBER).select_related("user").first()
    return scope.user if scope else None


def issue_invitation(member, *, user, request=None) -> str:
    """A new invitation for ``member`` by ``user`` (who must keep the member's file); the token,
    shown once. Earlier unused invitations of the member end now."""
    if not can_write(user) or not Member.objects.visible_to(user).filter(pk=member.pk).exists():
        raise ValidationError(_("You may invite only members of your own scope."))
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s is %(status)s: only members on the roll get an account.")
            % {"name": member, "status": member.get_status_display()}
        )
    if not member.phone:
        raise ValidationError(_("%(name)s has no phone number on file: members log in with it.") % {"name": member})
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(member=member, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        Invitation.objects.create(
            member=member,
            token_hash=_hash(token),
            created_by=user,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        )
    record(request, Action.ACCOUNT, user=user, obj=member, change="member_invitation")
    return token


def invitation_for(token: str):
    """The invitation ``token`` opens; a ValidationError in Chinese when it is unknown, used or expired."""
    invitation = (
        Invitation.objects.filter(token_hash=_hash(token or "")).select_related("member__branch").first()
        if token
        else None
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid. Ask your branch secretary for a new one."))
    if invitation.used_at:
        raise ValidationError(
            _(
                "This invitation link was already used on %(day)s. Log in with your phone number, or ask your "
                "branch secretary for a new link."
            )
            % {"day": f"{timezone.localtime(invitation.used_at):%Y-%m-%d}"}
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _(
                "This invitation link expired on %(day)s (links are valid 7 days). Ask your branch secretary for "
                "a new one."
            )
            % {"day": f"{timezone.localtime(invitation.expires_at):%Y-%m-%d}"}
        )
    return invitation


def redeem_invitation(token: str, password: str, *, request=None):
    """The member sets their password: the account is made (or its password replaced), the
    invitation used. Returns the user. Nothing is written when anything is refused."""
    User = get_user_model()
    with transaction.atomic():
        invitation = invitation_for(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at:  # used a moment ago, in another tab
            raise ValidationError(_("This invitation link was already used."))
        member = invitation.member
        user = account_of(member)
        if user is None:
            user = User(username=f"member{member.pk}", first_name=member.name[:150], is_staff=False)
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save()
        StaffScope.objects.get_or_create(user=user, defaults={"role": Role.MEMBER, "member": member})
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    reset_lockout(username=member.phone)
    reset_lockout(username=user.username)
    record(request, Action.ACCOUNT, user=user, obj=user, change="member_password_set")
    return user
