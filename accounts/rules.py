"""User accounts: who may manage whom, and the account changes themselves.

三员分立 (separation of duties): the system administrator manages accounts but
reads no member file; the auditor reads the trail but administers nothing; no
account is both, because a user holds exactly one StaffScope (a one-to-one
field, so the database refuses a second role).

Who may grant which role: the system administrator and the county administrator
create, change and disable business accounts (committee staff, branch secretaries);
nobody on the pages grants county administrator, auditor or system administrator, or
touches such an account. Those come from the installation owner (``createsuperuser``
or ``manage.py grant_role``). No one changes their own role or scope. Every change is
an audit entry.
"""

import datetime
import secrets

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentCode, PasswordState
from audit.log import record
from audit.models import Action
from branches.models import Branch, Committee, StaffScope
from branches.permissions import role_of
from branches.roles import Role

# Roles that must log in with a second factor when OTP_REQUIRED is on.
SECOND_FACTOR_ROLES = {Role.COUNTY_ADMIN, Role.SYSTEM_ADMIN, Role.AUDITOR}

# The accounts the pages manage; the three offices of 三员分立 and the county
# administrator are granted by the installation owner only (grant_role).
BUSINESS_ROLES = [Role.COMMITTEE_STAFF, Role.BRANCH_SECRETARY, Role.HOME_SECRETARY]
PRIVILEGED_ROLES = [Role.COUNTY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN]
ALL_ROLES = [Role.COUNTY_ADMIN, *BUSINESS_ROLES, Role.AUDITOR, Role.SYSTEM_ADMIN]


def roles_manageable_by(actor) -> list[str]:
    if actor.is_superuser:
        return list(ALL_ROLES)
    if role_of(actor) in {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN}:
        return list(BUSINESS_ROLES)
    return []


def manageable_users(actor):
    """The accounts ``actor`` may see and change on the account pages (never a superuser's)."""
    User = get_user_model()
    roles = roles_manageable_by(actor)
    if not roles:
        return User.objects.none()
    return (
        User.objects.filter(is_superuser=False, staff_scope__role__in=roles)
        # Nobody changes their own role or scope, or disables themselves.
        .exclude(pk=actor.pk)
        .select_related("staff_scope__branch", "staff_scope__committee", "staff_scope__home_organisation__parent")
        .order_by("username")
    )


def branches_for_accounts(actor):
    """Branches a secretary account can be bound to.

    The system administrator sees no member data, so ``visible_to`` gives them
    no branch; the branch names themselves are organisation data they need here.
    """
    if actor.is_superuser or role_of(actor) == Role.SYSTEM_ADMIN:
        return Branch.objects.select_related("committee").order_by("committee_id", "ordinal")
    return Branch.objects.visible_to(actor).select_related("committee").order_by("committee_id", "ordinal")


def committees_for_accounts(actor):
    if actor.is_superuser or role_of(actor) == Role.SYSTEM_ADMIN:
        return Committee.objects.order_by("pk")
    return Committee.objects.visible_to(actor).order_by("pk")


def _scope_targets(role, committee, branch, home=None):
    """Keep only the target the role needs, so a stale form value cannot widen a scope."""
    if role == Role.COMMITTEE_STAFF:
        return committee, None, None
    if role == Role.BRANCH_SECRETARY:
        return None, branch, None
    if role == Role.HOME_SECRETARY:
        return None, None, home
    return None, None, None


def _scope_text(committee, branch, home):
    return str(branch or committee or home or "")


def _check_role_allowed(actor, role):
    if role not in roles_manageable_by(actor):
        raise ValidationError({"role": _("You may not give an account this role.")})


def create_account(
    actor, *, username, full_name, role, committee=None, branch=None, home_organisation=None, password, request=None
):
    """A new staff account bound to one role and scope, in one transaction."""
    _check_role_allowed(actor, role)
    committee, branch, home_organisation = _scope_targets(role, committee, branch, home_organisation)
    User = get_user_model()
    user = User(username=username, first_name=full_name, is_staff=True)
    password_validation.validate_password(password, user)
    user.set_password(password)
    scope = StaffScope(user=user, role=role, committee=committee, branch=branch, home_organisation=home_organisation)
    with transaction.atomic():
        user.full_clean()
        user.save()
        scope.user = user
        scope.full_clean()
        scope.save()
        # The administrator knows this password: the user chooses their own at the first login.
        require_password_change(user)
    record(
        request,
        Action.ACCOUNT,
        user=actor,
        obj=user,
        change="created",
        role=role,
        scope=_scope_text(committee, branch, home_organisation),
    )
    return user


def _check_may_manage(actor, user):
    if not manageable_users(actor).filter(pk=user.pk).exists():
        raise ValidationError(_("You may not change this account."))


def change_role(actor, user, *, full_name, role, committee=None, branch=None, home_organisation=None, request=None):
    """Rename an account or move it to another role or scope (its one StaffScope is replaced in place)."""
    _check_may_manage(actor, user)
    _check_role_allowed(actor, role)
    committee, branch, home_organisation = _scope_targets(role, committee, branch, home_organisation)
    scope = user.staff_scope
    before = {"role": scope.role, "scope": _scope_text(scope.committee, scope.branch, scope.home_organisation)}
    scope.role, scope.committee, scope.branch = role, committee, branch
    scope.home_organisation = home_organisation
    user.first_name = full_name
    with transaction.atomic():
        scope.full_clean()
        scope.save()
        user.save(update_fields=["first_name"])
    after = {"role": role, "scope": _scope_text(committee, branch, home_organisation)}
    record(request, Action.ACCOUNT, user=actor, obj=user, change="role", before=before, after=after)
    return user


def set_account_active(actor, user, active: bool, *, request=None):
    """Disable or re-enable an account; a disabled account cannot log in and its sessions stop working."""
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot disable your own account."))
    _check_may_manage(actor, user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(request, Action.ACCOUNT, user=actor, obj=user, change="enabled" if active else "disabled")
    return user


def reset_password(actor, user, password, *, request=None):
    """Set a new password chosen by the administrator and lift any login lockout."""
    _check_may_manage(actor, user)
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        # The administrator knows this one too: a new one of the user's own at the next login.
        require_password_change(user)
    reset_lockout(username=user.get_username())
    record(request, Action.ACCOUNT, user=actor, obj=user, change="password_reset")
    return user


# --- one's own account (the personal centre) ---------------------------------------------------


def require_password_change(user):
    """The user must choose a new password before any other page (first login, after a reset)."""
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": True})


def must_change_password(user) -> bool:
    return PasswordState.objects.filter(user=user, must_change=True).exists()


def change_own_password(user, *, old_password, new_password, request=None):
    """Change one's own password: the current one first, then the house's rules for the new
    one (10 characters, not common, not all digits) and not the same as before."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is wrong.")})
    if old_password == new_password:
        raise ValidationError({"new_password1": _("Choose a password different from the current one.")})
    password_validation.validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        PasswordState.objects.update_or_create(user=user, defaults={"must_change": False, "changed_at": timezone.now()})
    record(request, Action.ACCOUNT, user=user, obj=user, change="password_changed")
    return user


def second_factor_required(user) -> bool:
    """Whether the user's role must log in with an authenticator (when OTP_REQUIRED is on)."""
    return bool(settings.OTP_REQUIRED) and (user.is_superuser or role_of(user) in SECOND_FACTOR_ROLES)


def remove_own_second_factor(user, *, password, token, request=None):
    """Turn off one's own two-factor login: the password and a current code from the app.
    Refused to the roles that must have it (a new phone: the administrator issues an
    enrolment code, and the old authenticator is replaced on the setup page)."""
    if second_factor_required(user):
        raise ValidationError(_("Your role must log in with an authenticator: it cannot be turned off."))
    if not user.check_password(password):
        raise ValidationError({"password": _("The current password is wrong.")})
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if not any(device.verify_is_allowed()[0] and device.verify_token(token) for device in devices):
        raise ValidationError({"token": _("The code is wrong or has expired. Wait for the next code and try again.")})
    TOTPDevice.objects.filter(user=user).delete()
    record(request, Action.ACCOUNT, user=user, obj=user, change="second_factor_removed")


def unlock_account(actor, user, *, request=None):
    """Lift a django-axes lockout (five failed logins) before its 15 minutes are over."""
    _check_may_manage(actor, user)
    reset_lockout(username=user.get_username())
    record(request, Action.ACCOUNT, user=actor, obj=user, change="unlocked")


def grant_role(user, *, role, committee=None, branch=None, full_name="", operator="manage.py"):
    """The installation owner's way to any role (county administrator, auditor, system
    administrator included): from the command line, never from a page. Logged."""
    committee, branch, _home = _scope_targets(role, committee, branch)
    scope = getattr(user, "staff_scope", None) if user.pk else None
    before = {"role": scope.role, "scope": str(scope.branch or scope.committee or "")} if scope else {}
    with transaction.atomic():
        if full_name:
            user.first_name = full_name
        if not user.pk:
            user.set_unusable_password()  # set by the owner: manage.py changepassword
        user.is_staff = True
        user.full_clean(exclude=["password"])
        user.save()
        scope = scope or StaffScope(user=user)
        scope.role, scope.committee, scope.branch = role, committee, branch
        scope.full_clean()
        scope.save()
    after = {"role": role, "scope": str(branch or committee or "")}
    record(None, Action.ACCOUNT, obj=user, username=operator, change="role", before=before, after=after)
    return user


# --- enrolment codes for the second factor ----------------------------------------------

ENROLMENT_CODE_HOURS = 24
# Unambiguous when read aloud or copied from a screen: no 0/O, 1/I/L.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def issue_enrolment_code(user, *, issued_by: str, request=None, actor=None) -> str:
    """A new one-time code for ``user``'s first (or renewed) two-factor enrolment, shown once.

    Earlier unused codes stop working; the user's devices are removed, so that a lost
    phone is replaced, not kept beside the new one."""
    if actor is not None:
        _check_may_manage(actor, user)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    now = timezone.now()
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
        TOTPDevice.objects.filter(user=user).delete()
        EnrolmentCode.objects.create(
            user=user,
            code_hash=make_password(code),
            expires_at=now + datetime.timedelta(hours=ENROLMENT_CODE_HOURS),
            issued_by=issued_by,
        )
    record(request, Action.ACCOUNT, user=actor, username=issued_by, obj=user, change="enrolment_code")
    return code


def redeem_enrolment_code(user, code: str):
    """The unexpired, unused code of ``user`` that ``code`` matches, marked used; or None."""
    code = "".join(code.split()).upper()
    now = timezone.now()
    for candidate in EnrolmentCode.objects.select_for_update().filter(
        user=user, used_at__isnull=True, expires_at__gt=now
    ):
        if check_password(code, candidate.code_hash):
            candidate.used_at = now
            candidate.save(update_fields=["used_at"])
            return candidate
    return None
