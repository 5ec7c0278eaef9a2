"""Account pages (system administrator, county administrator), the second-factor pages and the
personal centre (one's own password, second factor and logins)."""

import base64

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts import rules
from accounts.filters import AccountFilter
from accounts.forms import (
    AccountForm,
    EnrolmentForm,
    OwnPasswordForm,
    PasswordResetForm,
    SecondFactorOffForm,
    TokenForm,
)
from accounts.models import PasswordState
from accounts.sessions import PASSWORD_CHANGE, SECOND_FACTOR
from audit.exports import xlsx_response
from audit.log import record
from audit.models import Action, AuditEntry
from branches.permissions import can_manage_accounts
from lib.pagination import page_of


def _require_account_manager(request):
    if not can_manage_accounts(request.user):
        raise PermissionDenied


def _account_for(request, pk):
    """An account the current user may manage; any other is a 404."""
    return get_object_or_404(rules.manageable_users(request.user), pk=pk)


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict") and all(field in form.fields for field in error.error_dict):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _scope_label(user):
    scope = getattr(user, "staff_scope", None)
    if scope is None:
        return ""
    return str(scope.branch or scope.committee or scope.home_organisation or _("Whole county"))


@login_required
@never_cache
def user_list(request):
    _require_account_manager(request)
    filterset = AccountFilter(request.GET, queryset=rules.manageable_users(request.user), actor=request.user)
    users = filterset.qs
    locked = set(
        AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).values_list(
            "username", flat=True
        )
    )
    page = page_of(request, users)
    return render(
        request,
        "accounts/user_list.html",
        {"filter": filterset, "page_obj": page, "locked": locked},
    )


@login_required
def user_export(request):
    _require_account_manager(request)
    filterset = AccountFilter(request.GET, queryset=rules.manageable_users(request.user), actor=request.user)
    rows = (
        (
            u.username,
            u.first_name,
            u.staff_scope.get_role_display(),
            _scope_label(u),
            _("Yes") if u.is_active else _("No"),
            u.last_login,
            u.date_joined,
        )
        for u in filterset.qs
    )
    headers = [_("User name"), _("Full name"), _("Role"), _("Scope"), _("Enabled"), _("Last login"), _("Created")]
    return xlsx_response(
        request, filename=_("Accounts"), headers=headers, rows=rows, what="accounts", filters=request.GET.dict()
    )


@login_required
def user_create(request):
    _require_account_manager(request)
    form = AccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = rules.create_account(
                request.user,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                committee=data["committee"],
                branch=data["branch"],
                home_organisation=data["home_organisation"],
                password=data["password1"],
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@login_required
@never_cache
def user_detail(request, pk):
    _require_account_manager(request)
    account = _account_for(request, pk)
    scope = account.staff_scope
    initial = {
        "full_name": account.first_name,
        "role": scope.role,
        "committee": scope.committee,
        "branch": scope.branch,
        "home_organisation": scope.home_organisation,
    }
    form = AccountForm(request.POST or None, actor=request.user, editing=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rules.change_role(
                request.user,
                account,
                full_name=data["full_name"],
                role=data["role"],
                committee=data["committee"],
                branch=data["branch"],
                home_organisation=data["home_organisation"],
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s saved.") % {"name": account.username})
            return redirect("accounts:user_detail", pk=account.pk)
    context = {
        "form": form,
        "account": account,
        "locked": AccessAttempt.objects.filter(
            username=account.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).exists(),
        "has_authenticator": user_has_device(account),
    }
    return render(request, "accounts/user_form.html", context)


@login_required
@require_POST
def user_set_active(request, pk):
    _require_account_manager(request)
    account = _account_for(request, pk)
    active = request.POST.get("active") == "1"
    try:
        rules.set_account_active(request.user, account, active, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("Account %(name)s enabled.") if active else _("Account %(name)s disabled.")
        messages.success(request, text % {"name": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_unlock(request, pk):
    _require_account_manager(request)
    account = _account_for(request, pk)
    rules.unlock_account(request.user, account, request=request)
    messages.success(request, _("Account %(name)s unlocked.") % {"name": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
def user_password(request, pk):
    _require_account_manager(request)
    account = _account_for(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rules.reset_password(request.user, account, form.cleaned_data["password1"], request=request)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            messages.success(request, _("The password of %(name)s was reset.") % {"name": account.username})
            return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": account})


# --- second factor (TOTP) ------------------------------------------------------------------


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _second_factor_done(request, device):
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR, None)


@login_required
@never_cache
def otp_verify(request):
    """The second step of a login: the code from the user's authenticator app."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None, submit_label=_("Verify"))
    if request.method == "POST" and form.is_valid():
        device = next(
            (d for d in devices if d.verify_is_allowed()[0] and d.verify_token(form.cleaned_data["token"])), None
        )
        if device is not None:
            _second_factor_done(request, device)
            return redirect(_next_url(request))
        record(request, Action.LOGIN_FAILED, reason="second_factor")
        form.add_error("token", _("The code is wrong or has expired. Wait for the next code and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


# The key of an enrolment in progress lives in the session: a GET of the setup page
# writes no device, and nothing is bound to the account until code and token are right.
SETUP_KEY = "otp_setup_key"


def _token_matches(device, token) -> bool:
    """The app's code checked against a device not saved yet (TOTPDevice.verify_token
    would write its throttle counters to a row that does not exist)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(token), device.tolerance)


@login_required
@never_cache
def otp_setup(request):
    """Set up an authenticator app: enter the enrolment code the administrator issued, scan
    the QR code, then confirm with one code from the app."""
    confirmed = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "accounts/otp_setup.html", {"confirmed": confirmed})
    key = request.session.get(SETUP_KEY) or random_hex(20)
    request.session[SETUP_KEY] = key
    device = TOTPDevice(user=request.user, key=key, name=_("Authenticator app"), confirmed=True)
    form = EnrolmentForm(request.POST or None, submit_label=_("Confirm and turn on"))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The code first: without it, the app's token is not even looked at.
            if rules.redeem_enrolment_code(request.user, form.cleaned_data["enrolment_code"]) is None:
                form.add_error("enrolment_code", _("This enrolment code is wrong, used or more than 24 hours old."))
            elif not _token_matches(device, form.cleaned_data["token"]):
                transaction.set_rollback(True)  # the code stays unused
                form.add_error("token", _("The code is wrong or has expired. Wait for the next code and try again."))
            else:
                device.save()
                del request.session[SETUP_KEY]
                record(request, Action.ACCOUNT, obj=request.user, change="second_factor_enabled")
                _second_factor_done(request, device)
                messages.success(request, _("Two-factor login is on for your account."))
                return redirect(_next_url(request))
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#303133"),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request),
        "required": request.session.get(SECOND_FACTOR) == "setup",
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@require_POST
def user_enrolment_code(request, pk):
    """签发注册码: a one-time code for the account's two-factor enrolment, shown once here."""
    _require_account_manager(request)
    account = _account_for(request, pk)
    code = rules.issue_enrolment_code(
        account, issued_by=request.user.get_username(), request=request, actor=request.user
    )
    messages.success(
        request,
        _("Enrolment code for %(name)s: %(code)s — valid 24 hours, shown only now. Give it to the person in person.")
        % {"name": account.username, "code": code},
    )
    return redirect("accounts:user_detail", pk=account.pk)


# --- the personal centre (个人中心): one's own account -----------------------------------------

RECENT_LOGINS = 10


@login_required
@never_cache
def centre(request):
    """个人中心: who one is, one's password and second factor, and one's own recent logins
    (from the audit log: successful and failed, with the address)."""
    user = request.user
    state = PasswordState.objects.filter(user=user).first()
    context = {
        "scope": getattr(user, "staff_scope", None),
        "password_changed_at": state.changed_at if state else None,
        "authenticator": TOTPDevice.objects.devices_for_user(user, confirmed=True).first(),
        "second_factor_required": rules.second_factor_required(user),
        "off_form": SecondFactorOffForm(),
        "logins": AuditEntry.objects.filter(
            username=user.get_username(), action__in=[Action.LOGIN, Action.LOGIN_FAILED]
        ).order_by("-created_at", "-pk")[:RECENT_LOGINS],
    }
    return render(request, "accounts/centre.html", context)


@login_required
@never_cache
def password_change(request):
    """修改密码; the only page open after an administrator set the password (a new account,
    a reset) until the user has chosen their own (accounts.sessions.PasswordChangeMiddleware)."""
    forced = bool(request.session.get(PASSWORD_CHANGE))
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rules.change_own_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)  # stay logged in here, out elsewhere
            request.session.pop(PASSWORD_CHANGE, None)
            messages.success(request, _("Your password has been changed."))
            return redirect(_next_url(request) if forced else "accounts:centre")
    return render(
        request, "accounts/password_change.html", {"form": form, "forced": forced, "next": _next_url(request)}
    )


@login_required
@require_POST
def otp_remove(request):
    """Turn off one's own two-factor login (roles that need it cannot)."""
    form = SecondFactorOffForm(request.POST)
    if form.is_valid():
        try:
            rules.remove_own_second_factor(
                request.user, password=form.cleaned_data["password"], token=form.cleaned_data["token"], request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Two-factor login is off for your account."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect("accounts:centre")
